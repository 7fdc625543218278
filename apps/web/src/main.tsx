import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { signIn } from './auth';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

signIn()
  .then(() =>
    root.render(
      <StrictMode>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </StrictMode>,
    ),
  )
  .catch((err: unknown) => {
    root.render(
      <main className="boot">
        <h1>Roundtable</h1>
        <p role="alert">Anmeldung nicht möglich / Sign-in failed: {String((err as Error)?.message ?? err)}</p>
      </main>,
    );
  });
