import { AisleError } from '@aisle/core';
import { runKiosk } from './kiosk';

try {
  await runKiosk();
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
