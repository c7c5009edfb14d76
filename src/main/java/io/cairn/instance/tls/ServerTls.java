package io.cairn.instance.tls;

import io.cairn.instance.api.tls.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The instance API's server side of TLS: the certificate chain and key the operator issued, as an SSLContext. */
public final class ServerTls {

    private ServerTls() {
    }

    public static SSLContext context(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = PemFiles.certificates(PemFiles.read(certificateFile));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(certificateFile + " holds no certificate");
        }
        PrivateKey key = PemFiles.privateKey(PemFiles.read(keyFile));
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the instance API's TLS context from " + certificateFile
                    + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
