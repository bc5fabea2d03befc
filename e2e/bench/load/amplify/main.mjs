// The Amplify v6 sign-in page of the load benchmark: configure, then bind
// signIn (and, once signed in, a listing of the bucket) to the form.
// Bundled by scripts/bench-load.sh with esbuild (--bundle --minify --format=esm).
import { Amplify } from 'aws-amplify';
import { signIn } from 'aws-amplify/auth';
import { list } from 'aws-amplify/storage';
import { CONFIG } from '../config.mjs';


Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: CONFIG.userPoolId,
      userPoolClientId: CONFIG.clientId,
      identityPoolId: CONFIG.identityPoolId,
      loginWith: { username: true },
    },
  },
  Storage: { S3: { bucket: CONFIG.bucket, region: CONFIG.region } },
});

const form = document.getElementById('signin-form');
const result = document.getElementById('result');
const show = text => { result.textContent = text; };

form.addEventListener('submit', async event => {
  event.preventDefault();
  const username = form.elements.username.value;
  const password = form.elements.password.value;
  form.elements.password.value = '';
  try {
    const { isSignedIn, nextStep } = await signIn({ username, password });
    if (!isSignedIn) {
      show(`Next step: ${nextStep.signInStep}`);
      return;
    }
    const { items } = await list({ path: '', options: { listAll: true } });
    show(`Signed in as ${username}\n${items.map(o => `${o.path}  ${o.size} bytes`).join('\n')}`);
  } catch (e) {
    show(e.message ?? String(e));
  }
});

form.dataset.ready = '1';
