import { AisleError } from '@aisle/core';
import { runMallIdentity } from './story';

try {
  const result = await runMallIdentity();
  if (result.leaked) {
    console.error('A device address reached the published counts');
    process.exitCode = 1;
  }
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
