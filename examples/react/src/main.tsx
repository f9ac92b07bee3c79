// Registers nnscope's elements before React renders them: React 19 then
// sets `tokens`, `states`, `method`, ... as properties, not attributes.
import 'nnscope/define';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Dashboard } from './Dashboard.tsx';
import { loadReviews } from '../../shared/reviews.ts';
import '../../shared/style.css';

const root = createRoot(document.getElementById('root')!);
loadReviews().then(
  (reviews) =>
    root.render(
      <StrictMode>
        <Dashboard reviews={reviews} />
      </StrictMode>,
    ),
  (error: unknown) => root.render(<p role="alert">Could not load the data: {String(error)}</p>),
);
