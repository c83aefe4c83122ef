/**
 * The Node parts of the PEC and SDICoop channels (host/sdi-host.ts hands them to core as `SdiHost.drivers`), and the
 * SDICoop TrasmissioneFatture endpoint (`fatturadesk sdicoop-endpoint`).
 */
import type { TransmitterDrivers } from '../../core/sdi/transmitters/index';
import { createNodePecDriver } from './pec-driver';
import { createNodeSdicoopDriver } from './sdicoop-driver';

export const nodeTransmitterDrivers: TransmitterDrivers = {
  pec: (config, password) => createNodePecDriver(config, password),
  sdicoop: (config, password) => createNodeSdicoopDriver(config, password),
};

export { createNodePecDriver, classifyImapError, classifySmtpError, type PecDriverOptions } from './pec-driver';
export { createNodeSdicoopDriver, classifyTlsError, loadTlsMaterial, type SdicoopDriverOptions } from './sdicoop-driver';
export { startSdicoopEndpoint, runSdicoopEndpointCli, type SdicoopEndpoint, type SdicoopEndpointOptions, type SdicoopEndpointCliIO, type ReceivedNotification } from './sdicoop-endpoint';
export { NotificationFolderWriter, readNotificationFolder, folderHasNotificationFor } from './notification-folder';
