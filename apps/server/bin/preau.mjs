#!/usr/bin/env node
// Runs the TypeScript CLI directly: Préau ships its sources and runs them through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../src/main/cli.ts');
