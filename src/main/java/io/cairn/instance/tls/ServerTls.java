package io.cairn.instance.tls;

import io.cairn.instance.api.tls.PemFiles;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jboss.logging.Logger;

/**
 * The instance API's server side of TLS: the certificate chain and key the operator issued, read from the files of
 * the mounted {@code <cluster>-server} Secret. The files are read again at a handshake once {@code recheck} has passed
 * since the last read, so a certificate the operator renews (and the kubelet writes into the Secret volume) is served
 * without a restart. Files that cannot be read or parsed keep the last good certificate in service.
 */
public final class ServerTls extends X509ExtendedKeyManager {

    /** How often a handshake looks at the files again: the kubelet updates Secret volumes about once a minute. */
    public static final Duration RECHECK = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(ServerTls.class);
    private static final String ALIAS_PREFIX = "server-";

    private final Path certificateFile;
    private final Path keyFile;
    private final Duration recheck;
    private final Clock clock;
    private final AtomicLong generations = new AtomicLong();
    /** The current material and the one before it, so a handshake that chose an alias finds it after a reload. */
    private final Map<String, Material> byAlias = new ConcurrentHashMap<>();

    private volatile Material current;
    private volatile Instant readAt;

    private ServerTls(Path certificateFile, Path keyFile, Duration recheck, Clock clock) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.recheck = recheck;
        this.clock = clock;
        try {
            this.current = parse(PemFiles.read(certificateFile), PemFiles.read(keyFile));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot build the instance API's TLS context from " + certificateFile + " and " + keyFile + ": "
                            + e.getMessage(),
                    e);
        }
        this.readAt = clock.instant();
        byAlias.put(current.alias(), current);
    }

    /** A TLS context serving the certificate in {@code certificateFile}, reloaded as {@link #RECHECK} says. */
    public static SSLContext context(Path certificateFile, Path keyFile) {
        return context(certificateFile, keyFile, RECHECK, Clock.systemUTC());
    }

    /** As {@link #context(Path, Path)}, reading the files again once {@code recheck} has passed on {@code clock}. */
    public static SSLContext context(Path certificateFile, Path keyFile, Duration recheck, Clock clock) {
        ServerTls keys = new ServerTls(certificateFile, keyFile, recheck, clock);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS", e);
        }
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return servedAlias(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return servedAlias(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Material material = byAlias.get(alias);
        return material == null ? null : material.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Material material = byAlias.get(alias);
        return material == null ? null : material.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = servedAlias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    /** The alias of the current material, or null when its key is not of {@code keyType} (EC, RSA, ...). */
    private String servedAlias(String keyType) {
        Instant now = clock.instant();
        if (!now.isBefore(readAt.plus(recheck))) {
            reloadIfChanged(now);
        }
        Material served = current;
        return keyType == null || keyType.equals(served.key().getAlgorithm()) ? served.alias() : null;
    }

    private synchronized void reloadIfChanged(Instant now) {
        if (now.isBefore(readAt.plus(recheck))) {
            return;
        }
        readAt = now;
        try {
            String certificatePem = PemFiles.read(certificateFile);
            String keyPem = PemFiles.read(keyFile);
            if (certificatePem.equals(current.certificatePem()) && keyPem.equals(current.keyPem())) {
                return;
            }
            Material renewed = parse(certificatePem, keyPem);
            byAlias.keySet().retainAll(List.of(current.alias()));
            byAlias.put(renewed.alias(), renewed);
            current = renewed;
            LOG.infof(
                    "serving the renewed certificate of %s (valid until %s)",
                    certificateFile, renewed.chain().get(0).getNotAfter().toInstant());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "keeping the served certificate: cannot read %s and %s: %s",
                    certificateFile, keyFile, e.getMessage());
        }
    }

    private Material parse(String certificatePem, String keyPem) {
        List<X509Certificate> chain = PemFiles.certificates(certificatePem);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(certificateFile + " holds no certificate");
        }
        return new Material(
                ALIAS_PREFIX + generations.incrementAndGet(),
                certificatePem,
                keyPem,
                chain,
                PemFiles.privateKey(keyPem));
    }

    private record Material(
            String alias, String certificatePem, String keyPem, List<X509Certificate> chain, PrivateKey key) {}
}
