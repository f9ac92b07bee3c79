// Registers nnscope's elements before Vue renders them: Vue then sets
// `tokens`, `states`, `method`, ... as properties, not attributes.
import 'nnscope/define';
import { createApp } from 'vue';
import Dashboard from './Dashboard.vue';
import { loadReviews } from '../../shared/reviews.ts';
import '../../shared/style.css';

loadReviews().then(
  (reviews) => createApp(Dashboard, { reviews }).mount('#app'),
  (error: unknown) => {
    const message = document.createElement('p');
    message.role = 'alert';
    message.textContent = `Could not load the data: ${String(error)}`;
    document.getElementById('app')!.append(message);
  },
);
