package io.cairn.plugin;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC connection to a plugin, and the {@link PluginClient} that calls it. A plugin Service is reached by name and
 * port over mutual TLS ({@link #remote}); the server's name is checked against {@link PluginTls#serverName()}, not
 * against the address, as CloudNativePG does. Close it to release the connection.
 */
public final class PluginConnection implements AutoCloseable {

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final ManagedChannel channel;
    private final PluginClient client;

    private PluginConnection(ManagedChannel channel, Duration callTimeout) {
        this.channel = channel;
        this.client = new PluginClient(channel, callTimeout);
    }

    /**
     * A connection to a plugin listening at {@code host:port} ({@code <service>.<namespace>.svc} for a discovered
     * Service). Nothing is sent until the first call.
     *
     * @param callTimeout the deadline of each call
     */
    public static PluginConnection remote(String host, int port, PluginTls tls, Duration callTimeout) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port)
                .sslContext(tls.sslContext())
                .overrideAuthority(tls.serverName())
                .build();
        return new PluginConnection(channel, callTimeout);
    }

    public PluginClient client() {
        return client;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
