package io.cairn.plugin;

import cnpgi.backup.v1.BackupGrpc;
import cnpgi.backup.v1.BackupOuterClass.BackupCapabilitiesRequest;
import cnpgi.backup.v1.BackupOuterClass.BackupCapabilitiesResult;
import cnpgi.backup.v1.BackupOuterClass.BackupCapability;
import cnpgi.backup.v1.BackupOuterClass.BackupRequest;
import cnpgi.backup.v1.BackupOuterClass.BackupResult;
import cnpgi.identity.v1.IdentityGrpc;
import cnpgi.identity.v1.IdentityOuterClass.GetPluginCapabilitiesRequest;
import cnpgi.identity.v1.IdentityOuterClass.GetPluginCapabilitiesResponse;
import cnpgi.identity.v1.IdentityOuterClass.GetPluginMetadataRequest;
import cnpgi.identity.v1.IdentityOuterClass.GetPluginMetadataResponse;
import cnpgi.identity.v1.IdentityOuterClass.PluginCapability;
import cnpgi.identity.v1.IdentityOuterClass.ProbeRequest;
import cnpgi.identity.v1.IdentityOuterClass.ProbeResponse;
import cnpgi.wal.v1.WALGrpc;
import cnpgi.wal.v1.Wal.WALArchiveRequest;
import cnpgi.wal.v1.Wal.WALArchiveResult;
import cnpgi.wal.v1.Wal.WALCapabilitiesRequest;
import cnpgi.wal.v1.Wal.WALCapabilitiesResult;
import cnpgi.wal.v1.Wal.WALCapability;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in plugin for the client's unit tests: a real gRPC server on loopback behind mutual TLS, or on a unix
 * socket in plain text, implementing
 * Identity and, when asked to, Backup and WAL. It records the calls it gets and answers a Backup with {@link #result}
 * or fails it with {@link #backupFailure}. The real plugin is exercised by the integration tests.
 */
final class FakePlugin implements AutoCloseable {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<BackupRequest> backups = new CopyOnWriteArrayList<>();
    final List<WALArchiveRequest> archived = new CopyOnWriteArrayList<>();
    volatile BackupResult result = BackupResult.getDefaultInstance();
    volatile Status backupFailure;

    private final Server server;
    private final EventLoopGroup socketEventLoop;

    /**
     * A plugin behind mutual TLS on a loopback port.
     *
     * @param protocol the only TLS protocol the server speaks
     * @param backupRpc whether the Backup service offers its Backup RPC (when the service is implemented at all)
     */
    FakePlugin(
            SelfSignedCertificate serverCertificate,
            SelfSignedCertificate trustedClient,
            String protocol,
            List<PluginCapability.Service.Type> services,
            boolean backupRpc)
            throws IOException {
        SslContext tls = GrpcSslContexts.configure(
                        SslContextBuilder.forServer(
                                PluginTls.privateKey(serverCertificate.keyPem()),
                                PluginTls.certificates(serverCertificate.certificatePem(), "server")
                                        .toArray(java.security.cert.X509Certificate[]::new)),
                        SslProvider.JDK)
                .protocols(protocol)
                .trustManager(PluginTls.certificates(trustedClient.certificatePem(), "client")
                        .toArray(java.security.cert.X509Certificate[]::new))
                .clientAuth(ClientAuth.REQUIRE)
                .build();
        socketEventLoop = null;
        server = withServices(
                        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                                .sslContext(tls),
                        services,
                        backupRpc)
                .build()
                .start();
    }

    /** A plugin on a unix socket, in plain text, as a sidecar in an instance pod serves. */
    FakePlugin(Path socket, List<PluginCapability.Service.Type> services) throws IOException {
        socketEventLoop = new EpollEventLoopGroup(1);
        server = withServices(
                        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                                .channelType(EpollServerDomainSocketChannel.class)
                                .bossEventLoopGroup(socketEventLoop)
                                .workerEventLoopGroup(socketEventLoop),
                        services,
                        true)
                .build()
                .start();
    }

    private NettyServerBuilder withServices(
            NettyServerBuilder builder, List<PluginCapability.Service.Type> services, boolean backupRpc) {
        builder.addService(new Identity(services));
        if (services.contains(PluginCapability.Service.Type.TYPE_BACKUP_SERVICE)) {
            builder.addService(new Backup(backupRpc));
        }
        if (services.contains(PluginCapability.Service.Type.TYPE_WAL_SERVICE)) {
            builder.addService(new Wal());
        }
        return builder;
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        if (socketEventLoop != null) {
            socketEventLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static <T> void answer(StreamObserver<T> observer, T value) {
        observer.onNext(value);
        observer.onCompleted();
    }

    private final class Identity extends IdentityGrpc.IdentityImplBase {
        private final List<PluginCapability.Service.Type> services;

        Identity(List<PluginCapability.Service.Type> services) {
            this.services = services;
        }

        @Override
        public void getPluginMetadata(
                GetPluginMetadataRequest request, StreamObserver<GetPluginMetadataResponse> observer) {
            calls.add("Identity.GetPluginMetadata");
            answer(
                    observer,
                    GetPluginMetadataResponse.newBuilder()
                            .setName("fake.cairn.io")
                            .setVersion("1.2.3")
                            .setDisplayName("Fake")
                            .setVendor("Cairn")
                            .putManifest("k", "v")
                            .build());
        }

        @Override
        public void getPluginCapabilities(
                GetPluginCapabilitiesRequest request, StreamObserver<GetPluginCapabilitiesResponse> observer) {
            calls.add("Identity.GetPluginCapabilities");
            GetPluginCapabilitiesResponse.Builder response = GetPluginCapabilitiesResponse.newBuilder();
            services.forEach(type -> response.addCapabilities(PluginCapability.newBuilder()
                    .setService(PluginCapability.Service.newBuilder().setType(type))));
            answer(observer, response.build());
        }

        @Override
        public void probe(ProbeRequest request, StreamObserver<ProbeResponse> observer) {
            calls.add("Identity.Probe");
            answer(observer, ProbeResponse.newBuilder().setReady(true).build());
        }
    }

    private final class Backup extends BackupGrpc.BackupImplBase {
        private final boolean backupRpc;

        Backup(boolean backupRpc) {
            this.backupRpc = backupRpc;
        }

        @Override
        public void getCapabilities(
                BackupCapabilitiesRequest request, StreamObserver<BackupCapabilitiesResult> observer) {
            calls.add("Backup.GetCapabilities");
            BackupCapabilitiesResult.Builder result = BackupCapabilitiesResult.newBuilder();
            if (backupRpc) {
                result.addCapabilities(BackupCapability.newBuilder()
                        .setRpc(BackupCapability.RPC.newBuilder().setType(BackupCapability.RPC.Type.TYPE_BACKUP)));
            }
            answer(observer, result.build());
        }

        @Override
        public void backup(BackupRequest request, StreamObserver<BackupResult> observer) {
            calls.add("Backup.Backup");
            backups.add(request);
            if (backupFailure != null) {
                observer.onError(backupFailure.asRuntimeException());
            } else {
                answer(observer, result);
            }
        }
    }

    private final class Wal extends WALGrpc.WALImplBase {
        @Override
        public void getCapabilities(WALCapabilitiesRequest request, StreamObserver<WALCapabilitiesResult> observer) {
            calls.add("WAL.GetCapabilities");
            answer(
                    observer,
                    WALCapabilitiesResult.newBuilder()
                            .addCapabilities(WALCapability.newBuilder()
                                    .setRpc(WALCapability.RPC
                                            .newBuilder()
                                            .setType(WALCapability.RPC.Type.TYPE_ARCHIVE_WAL)))
                            .addCapabilities(WALCapability.newBuilder()
                                    .setRpc(WALCapability.RPC
                                            .newBuilder()
                                            .setType(WALCapability.RPC.Type.TYPE_RESTORE_WAL)))
                            .build());
        }

        @Override
        public void archive(WALArchiveRequest request, StreamObserver<WALArchiveResult> observer) {
            calls.add("WAL.Archive");
            archived.add(request);
            answer(observer, WALArchiveResult.getDefaultInstance());
        }
    }
}
