import type { ComponentPropsWithoutRef, ReactNode, Ref } from 'react';
import { Anchor, Button, Menu, NavLink, type AnchorProps, type ButtonProps, type MenuItemProps, type NavLinkProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';

// Mantine components rendered as router links, with the router's typed `to`/`params`/`search`
// (Mantine's `component={Link}` loses those types).

type AsAnchor<P> = P & Omit<ComponentPropsWithoutRef<'a'>, keyof P> & { ref?: Ref<HTMLAnchorElement>; children?: ReactNode };

/** Mantine Anchor that navigates inside the console. */
export const AnchorLink = createLink((props: AsAnchor<AnchorProps>) => <Anchor component="a" {...props} />);

/** Mantine Button that navigates inside the console. */
export const ButtonLink = createLink((props: AsAnchor<ButtonProps>) => <Button component="a" {...props} />);

/** Mantine NavLink that navigates inside the console. */
export const NavLinkLink = createLink((props: AsAnchor<NavLinkProps>) => <NavLink component="a" {...props} />);

/** Mantine Menu.Item that navigates inside the console. */
export const MenuItemLink = createLink((props: AsAnchor<MenuItemProps>) => <Menu.Item component="a" {...props} />);
