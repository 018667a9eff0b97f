import { runSession } from './session';

const { screens, events } = await runSession();
for (const [i, screen] of screens.entries()) console.log(`--- screen ${i + 1}\n${screen}`);
console.log('--- events');
for (const e of events) console.log(`${e.type} ${e.purposes.join('+')} (${e.consentType}, ${e.channel}, id ${e.id})`);
