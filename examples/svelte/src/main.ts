// Registers nnscope's elements before Svelte renders them: Svelte then sets
// `tokens`, `states`, `method`, ... as properties, not attributes.
import 'nnscope/define';
import { mount } from 'svelte';
import Dashboard from './Dashboard.svelte';
import { loadReviews } from '../../shared/reviews.ts';
import '../../shared/style.css';

const target = document.getElementById('app')!;
loadReviews().then(
  (reviews) => mount(Dashboard, { target, props: { reviews } }),
  (error: unknown) => {
    const message = document.createElement('p');
    message.role = 'alert';
    message.textContent = `Could not load the data: ${String(error)}`;
    target.append(message);
  },
);
