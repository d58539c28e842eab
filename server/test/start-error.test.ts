import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startErrorMessage } from '../start-error.ts';

describe('the message when the host cannot start', () => {
  it('names the busy port, the likely cause and the setting that moves the host', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const second = net.createServer();
    const error = await new Promise<unknown>((resolve) => {
      second.once('error', resolve);
      second.listen(port, '127.0.0.1');
    });
    taken.close();
    const message = startErrorMessage(error);
    expect(message).toContain(`port ${port} is already in use`);
    expect(message).toContain('npm start');
    expect(message).toContain(`OSPARC_LOCAL_PORT=${port + 1}`);
  });

  it('passes any other error through as it is', () => {
    expect(startErrorMessage(new Error('OSPARC_LOCAL_PORT must be an integer'))).toBe(
      'OSPARC_LOCAL_PORT must be an integer',
    );
  });
});
