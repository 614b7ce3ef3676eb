import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/contrast.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { I18nextProvider } from 'react-i18next';
import { ApiError } from './api/client.ts';
import { initI18n } from './i18n/index.ts';
import { createConsoleRouter } from './app/router.tsx';
import { ConsoleMantine } from './app/ConsoleMantine.tsx';

const i18n = initI18n();
const queryClient = new QueryClient({
  defaultOptions: {
    // A refusal (4xx) will not change by asking again; only retry what may be transient.
    queries: { retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500) },
  },
});
const router = createConsoleRouter(queryClient);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');
createRoot(rootElement).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ConsoleMantine>
        <Notifications />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ConsoleMantine>
    </I18nextProvider>
  </StrictMode>,
);
