package io.cairn.plugin;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC connection to a plugin, and the {@link PluginClient} that calls it. A plugin Service is reached by name and
 * port over mutual TLS ({@link #remote}); the server's name is checked against {@link PluginTls#serverName()}, not
 * against the address, as CloudNativePG does. A sidecar injected into an instance pod is reached on its unix socket
 * in the pod's plugin directory, in plain text ({@link #localSocket}). Close it to release the connection.
 */
public final class PluginConnection implements AutoCloseable {

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    /** The authority sent over a unix socket, where there is no host name (grpc-go's servers accept any). */
    private static final String SOCKET_AUTHORITY = "localhost";

    private final ManagedChannel channel;
    private final EventLoopGroup ownEventLoop;
    private final PluginClient client;

    private PluginConnection(ManagedChannel channel, EventLoopGroup ownEventLoop, Duration callTimeout) {
        this.channel = channel;
        this.ownEventLoop = ownEventLoop;
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
        return new PluginConnection(channel, null, callTimeout);
    }

    /**
     * A connection to a plugin listening on the unix socket {@code socket} (CloudNativePG: {@code /plugins/<name>},
     * the socket file named after the plugin), in plain text as CloudNativePG's instance manager speaks to it. Linux
     * only (Netty's epoll transport). Nothing is sent until the first call.
     */
    public static PluginConnection localSocket(Path socket, Duration callTimeout) {
        EventLoopGroup eventLoop = new EpollEventLoopGroup(1);
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(eventLoop)
                .channelType(EpollDomainSocketChannel.class)
                .overrideAuthority(SOCKET_AUTHORITY)
                .usePlaintext()
                .build();
        return new PluginConnection(channel, eventLoop, callTimeout);
    }

    public PluginClient client() {
        return client;
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
        if (ownEventLoop != null) {
            ownEventLoop.shutdownGracefully(0, SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
