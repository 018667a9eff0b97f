import { AisleError } from '@aisle/core';
import { runMallDay } from './run';

try {
  const result = await runMallDay();
  if (!result.verified || !result.tamperDetected) {
    console.error('The day log did not verify as expected');
    process.exitCode = 1;
  }
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
