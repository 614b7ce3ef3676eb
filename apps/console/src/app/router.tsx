import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { meQuery } from '../api/me.ts';
import { instanceQuery } from '../api/instance.ts';
import { baseQuery } from '../api/bases.ts';
import { organizationQuery, organizationsQuery, pickStartOrganization } from '../api/organizations.ts';
import { AppLayout } from '../components/AppLayout/index.tsx';
import { PublicLayout } from '../components/PublicLayout.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { PageError, PageLoader } from '../components/PageStatus.tsx';
import { SignInPage } from '../pages/SignIn/index.tsx';
import { SignUpPage } from '../pages/SignUp/index.tsx';
import { ForgotPasswordPage } from '../pages/ForgotPassword/index.tsx';
import { ResetPasswordPage } from '../pages/ResetPassword/index.tsx';
import { VerifyEmailPage } from '../pages/VerifyEmail/index.tsx';
import { InvitationPage } from '../pages/Invitation/index.tsx';
import { HostingSignInPage } from '../pages/HostingSignIn/index.tsx';
import { HostingHomePage } from '../pages/HostingHome/index.tsx';
import { hostingSessionQuery } from '../api/hosting.ts';
import { MyInvitationsPage } from '../pages/MyInvitations/index.tsx';
import { CreateOrganizationPage } from '../pages/CreateOrganization/index.tsx';
import { OrganizationPage } from '../pages/Organization/index.tsx';
import { HomePage } from '../pages/Home/index.tsx';
import { MembersPage } from '../pages/Members/index.tsx';
import { ProfilePage } from '../pages/Profile/index.tsx';
import { OutboxPage } from '../pages/Outbox/index.tsx';
import { OutboxMessagePage } from '../pages/Outbox/message.tsx';
import { ImportsPage } from '../pages/Imports/index.tsx';
import { LsuVersionsPage } from '../pages/LsuVersions/index.tsx';
import { ImportSynthesisPage } from '../pages/ImportSynthesis/index.tsx';
import { validateSynthesisSearch } from '../pages/ImportSynthesis/synthesis-search.ts';
import { PupilPage } from '../pages/Pupil/index.tsx';
import { PupilPhotosPage } from '../pages/PupilPhotos/index.tsx';
import { ClassPage } from '../pages/Class/index.tsx';
import { ApiTokensPage } from '../pages/ApiTokens/index.tsx';
import { BaseAuditPage, OrganizationAuditPage } from '../pages/AuditLog/index.tsx';
import type { AuditFilters } from '../api/audit.ts';
import { BasesPage } from '../pages/Bases/index.tsx';
import { BasePage } from '../pages/Base/index.tsx';
import { BaseStructurePage } from '../pages/BaseStructure/index.tsx';
import { BillingPage } from '../pages/Billing/index.tsx';
import { validateBillingSearch } from '../pages/Billing/billing-search.ts';
import { OperatorBillingPage } from '../pages/OperatorBilling/index.tsx';
import { validateOperatorBillingSearch } from '../pages/OperatorBilling/operator-billing-search.ts';
import { OperatorCustomerPage } from '../pages/OperatorCustomer/index.tsx';
import { OperatorSupportPage } from '../pages/OperatorSupport/index.tsx';
import { OperatorMinorsDataPage } from '../pages/OperatorMinorsData/index.tsx';
import { TeamsPage } from '../pages/Teams/index.tsx';
import { TeamPage } from '../pages/Team/index.tsx';
import { MemberAccessPage } from '../pages/MemberAccess/index.tsx';
import { validateDocumentFilters } from '../components/billing/document-search.ts';
import { STRUCTURE_KINDS, type StructureKind } from '@preau/contracts';
import { BaseScope } from './base-scope.tsx';
import { OrganizationScope } from './organization-scope.tsx';

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const redirectSearch = (search: Record<string, unknown>) => ({ redirect: optionalString(search.redirect) });

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const publicLayout = createRoute({ getParentRoute: () => rootRoute, id: 'public', component: PublicLayout });
const signInRoute = createRoute({ getParentRoute: () => publicLayout, path: 'sign-in', validateSearch: redirectSearch, component: SignInPage });
const signUpRoute = createRoute({ getParentRoute: () => publicLayout, path: 'sign-up', validateSearch: redirectSearch, component: SignUpPage });
const forgotRoute = createRoute({ getParentRoute: () => publicLayout, path: 'forgot-password', component: ForgotPasswordPage });
const resetRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'reset-password',
  validateSearch: (s: Record<string, unknown>) => ({ token: optionalString(s.token), error: optionalString(s.error) }),
  component: ResetPasswordPage,
});
const verifyRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'verify-email',
  validateSearch: (s: Record<string, unknown>) => ({ token: optionalString(s.token), error: optionalString(s.error) }),
  component: VerifyEmailPage,
});
const invitationRoute = createRoute({ getParentRoute: () => publicLayout, path: 'invitations/$invitationId', component: InvitationPage });
// The hosting console: a session kind of its own (hosting number and password), apart from the person's.
const hostingSignInRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'hebergement',
  beforeLoad: async ({ context }) => {
    if (await context.queryClient.ensureQueryData(hostingSessionQuery)) throw redirect({ to: '/hebergement/console' });
  },
  component: HostingSignInPage,
});
const hostingHomeRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: 'hebergement/console',
  beforeLoad: async ({ context }) => {
    if (!(await context.queryClient.fetchQuery({ ...hostingSessionQuery, staleTime: 0 }))) throw redirect({ to: '/hebergement' });
  },
  component: HostingHomePage,
});

const appLayout = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) {
      const redirectTo = location.href === '/' ? undefined : location.href;
      // First run: nobody has an account yet, so the first visitor lands on the sign-up page.
      const { firstRun } = await context.queryClient.fetchQuery(instanceQuery);
      throw redirect({ to: firstRun ? '/sign-up' : '/sign-in', search: { redirect: redirectTo } });
    }
  },
  component: AppLayout,
});
const homeRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/',
  beforeLoad: async ({ context }) => {
    const organization = pickStartOrganization(await context.queryClient.fetchQuery(organizationsQuery));
    if (!organization) throw redirect({ to: '/organizations/new' });
    throw redirect({ to: '/organizations/$orgId/home', params: { orgId: organization.id } });
  },
});
const createOrgRoute = createRoute({ getParentRoute: () => appLayout, path: 'organizations/new', component: CreateOrganizationPage });
const myInvitationsRoute = createRoute({ getParentRoute: () => appLayout, path: 'invitations', component: MyInvitationsPage });
const profileRoute = createRoute({ getParentRoute: () => appLayout, path: 'profile', component: ProfilePage });
// The development outbox: operators only (the server refuses everyone else).
const outboxRoute = createRoute({ getParentRoute: () => appLayout, path: 'dev/outbox', component: OutboxPage });
const outboxMessageRoute = createRoute({ getParentRoute: () => appLayout, path: 'dev/outbox/$messageId', component: OutboxMessagePage });
// The instance's LSU versions: operators only (the server refuses everyone else).
const lsuVersionsRoute = createRoute({ getParentRoute: () => appLayout, path: 'operator/lsu-versions', component: LsuVersionsPage });
// The instance's billing (provider, catalogue, customers) and one customer's: operators only.
const operatorBillingRoute = createRoute({
  getParentRoute: () => appLayout, path: 'operator/billing', validateSearch: validateOperatorBillingSearch, component: OperatorBillingPage,
});
const operatorCustomerRoute = createRoute({
  getParentRoute: () => appLayout, path: 'operator/billing/customers/$orgId', validateSearch: validateDocumentFilters, component: OperatorCustomerPage,
});
// The support's page: organisations whose support access runs, customers found by a code. Operators only.
const operatorSupportRoute = createRoute({ getParentRoute: () => appLayout, path: 'operator/support', component: OperatorSupportPage });
// The retention rules of minors' data: operators only.
const operatorMinorsDataRoute = createRoute({ getParentRoute: () => appLayout, path: 'operator/minors-data', component: OperatorMinorsDataPage });

// An organisation's pages: the organisation is loaded once, here, and handed to them (useOrganization).
const orgRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'organizations/$orgId',
  loader: ({ context, params }) => context.queryClient.ensureQueryData(organizationQuery(params.orgId)),
  component: OrganizationScope,
  pendingComponent: PageLoader,
  errorComponent: PageError,
});
const orgIndexRoute = createRoute({ getParentRoute: () => orgRoute, path: '/', component: OrganizationPage });
const orgHomeRoute = createRoute({ getParentRoute: () => orgRoute, path: 'home', component: HomePage });
const membersRoute = createRoute({ getParentRoute: () => orgRoute, path: 'members', component: MembersPage });
const basesRoute = createRoute({ getParentRoute: () => orgRoute, path: 'bases', component: BasesPage });
const billingRoute = createRoute({ getParentRoute: () => orgRoute, path: 'billing', validateSearch: validateBillingSearch, component: BillingPage });
const memberAccessRoute = createRoute({ getParentRoute: () => orgRoute, path: 'members/$memberId/access', component: MemberAccessPage });
const teamsRoute = createRoute({ getParentRoute: () => orgRoute, path: 'teams', component: TeamsPage });
const teamRoute = createRoute({ getParentRoute: () => orgRoute, path: 'teams/$teamId', component: TeamPage });
/** The activity log's filters as a link may give them (a pupil's page opens the log on that pupil). */
const validateAuditSearch = (s: Record<string, unknown>): AuditFilters => ({ objectId: optionalString(s.objectId), person: optionalString(s.person), objectKind: optionalString(s.objectKind) });
const orgAuditRoute = createRoute({
  getParentRoute: () => orgRoute, path: 'audit', validateSearch: validateAuditSearch,
  component: function OrgAudit() { return <OrganizationAuditPage initial={orgAuditRoute.useSearch()} />; },
});

// A base's pages: the base is loaded once, here, and handed to them (useBase).
const baseRoute = createRoute({
  getParentRoute: () => appLayout,
  path: 'bases/$baseId',
  loader: ({ context, params }) => context.queryClient.ensureQueryData(baseQuery(params.baseId)),
  component: BaseScope,
  pendingComponent: PageLoader,
  errorComponent: PageError,
});
const baseIndexRoute = createRoute({ getParentRoute: () => baseRoute, path: '/', component: BasePage });
const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  (values as readonly unknown[]).includes(value) ? (value as T) : undefined;
const baseStructureRoute = createRoute({
  getParentRoute: () => baseRoute,
  path: 'structure',
  validateSearch: (s: Record<string, unknown>): { tab?: StructureKind } => ({ tab: oneOf(STRUCTURE_KINDS, s.tab) }),
  component: BaseStructurePage,
});
const importsRoute = createRoute({
  getParentRoute: () => baseRoute,
  path: 'imports',
  validateSearch: (s: Record<string, unknown>): { year?: string } => ({ year: optionalString(s.year) }),
  component: ImportsPage,
});
const importSynthesisRoute = createRoute({
  getParentRoute: () => baseRoute,
  path: 'imports/$importId',
  validateSearch: validateSynthesisSearch,
  component: ImportSynthesisPage,
});
const pupilRoute = createRoute({ getParentRoute: () => baseRoute, path: 'pupils/$pupilId', component: PupilPage });
const pupilPhotosRoute = createRoute({ getParentRoute: () => baseRoute, path: 'photos', component: PupilPhotosPage });
const classRoute = createRoute({ getParentRoute: () => baseRoute, path: 'classes/$classId', component: ClassPage });
const apiTokensRoute = createRoute({ getParentRoute: () => baseRoute, path: 'api-tokens', component: ApiTokensPage });
const baseAuditRoute = createRoute({
  getParentRoute: () => baseRoute, path: 'audit', validateSearch: validateAuditSearch,
  component: function BaseAudit() { return <BaseAuditPage initial={baseAuditRoute.useSearch()} />; },
});

const routeTree = rootRoute.addChildren([
  publicLayout.addChildren([
    signInRoute, signUpRoute, forgotRoute, resetRoute, verifyRoute, invitationRoute, hostingSignInRoute, hostingHomeRoute,
  ]),
  appLayout.addChildren([
    homeRoute, createOrgRoute, myInvitationsRoute, profileRoute, outboxRoute, outboxMessageRoute, lsuVersionsRoute,
    operatorBillingRoute, operatorCustomerRoute, operatorSupportRoute, operatorMinorsDataRoute,
    orgRoute.addChildren([orgIndexRoute, orgHomeRoute, membersRoute, memberAccessRoute, basesRoute, billingRoute, teamsRoute, teamRoute, orgAuditRoute]),
    baseRoute.addChildren([baseIndexRoute, baseStructureRoute, importsRoute, importSynthesisRoute, pupilRoute, pupilPhotosRoute, classRoute, apiTokensRoute, baseAuditRoute]),
  ]),
]);

/** The console's router; pages reach the query client through the route context. */
export function createConsoleRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent' });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createConsoleRouter>;
  }
}
