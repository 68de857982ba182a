package org.aiworklist.routes.app;

import org.aiworklist.dicom.DicomTls;
import org.aiworklist.routes.config.NodeConfiguration;
import org.apache.camel.support.jsse.CipherSuitesParameters;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;

/** The HTTP listener's TLS (http.tls): the node's certificate, TLS 1.3 and 1.2 with BCP 195's suites, as DICOM TLS. */
final class HttpsListener {
    private HttpsListener() {}

    static SSLContextParameters parameters(NodeConfiguration.HttpsIdentity identity) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setKeyStore(identity.keyStore());
        store.setPassword(NodeConfiguration.HttpsIdentity.PASSWORD);
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store);
        keys.setKeyPassword(NodeConfiguration.HttpsIdentity.PASSWORD);
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(DicomTls.protocols());
        CipherSuitesParameters suites = new CipherSuitesParameters();
        suites.setCipherSuite(DicomTls.cipherSuites());
        SSLContextParameters tls = new SSLContextParameters();
        tls.setKeyManagers(keys);
        tls.setSecureSocketProtocols(protocols);
        tls.setCipherSuites(suites);
        return tls;
    }
}
