package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * kube-proxy's userspace mode for one Service: a TCP listener on the service's loopback address for each of its TCP
 * ports, forwarding each connection to one of the service's endpoints at the moment it is accepted (round-robin,
 * trying the next endpoint when one refuses), so the proxy follows pods as they come, go and change readiness.
 */
final class ServiceProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private final String description;
    private final String address;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param endpoints the endpoints of a port of the service, looked up when a connection arrives
     */
    ServiceProxy(Service service, String address, Function<ServicePort, List<InetSocketAddress>> endpoints)
            throws IOException {
        this.description = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
        this.address = address;
        try {
            for (ServicePort port : service.getSpec().getPorts()) {
                if (port.getProtocol() != null && !"TCP".equals(port.getProtocol())) {
                    LOG.infof("service %s: port %s is %s; only TCP is proxied", description, port.getPort(),
                            port.getProtocol());
                    continue;
                }
                ServerSocket listener = new ServerSocket();
                listener.setReuseAddress(true);
                listener.bind(new InetSocketAddress(InetAddress.getByName(address), port.getPort()));
                listeners.add(listener);
                Thread accept = new Thread(() -> accept(listener, port, endpoints),
                        "service-" + description + ":" + port.getPort());
                accept.setDaemon(true);
                accept.start();
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    String address() {
        return address;
    }

    private void accept(ServerSocket listener, ServicePort port, Function<ServicePort, List<InetSocketAddress>> endpoints) {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warnf("service %s: accept failed: %s", description, e.getMessage());
                }
                return;
            }
            Socket backend = connect(endpoints.apply(port));
            if (backend == null) {
                LOG.debugf("service %s:%d has no reachable endpoint; closing the connection", description,
                        port.getPort());
                closeQuietly(client);
                continue;
            }
            Connection connection = new Connection(client, backend);
            connections.add(connection);
            pipe(connection, client, backend, "in");
            pipe(connection, backend, client, "out");
        }
    }

    private Socket connect(List<InetSocketAddress> endpoints) {
        for (int attempt = 0; attempt < endpoints.size(); attempt++) {
            InetSocketAddress endpoint = endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size()));
            Socket socket = new Socket();
            try {
                socket.connect(endpoint, CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
        return null;
    }

    /** A proxied connection: closed when both directions have ended, or at once when one fails. */
    private final class Connection {
        private final Socket client;
        private final Socket backend;
        private final AtomicInteger openDirections = new AtomicInteger(2);

        Connection(Socket client, Socket backend) {
            this.client = client;
            this.backend = backend;
        }

        void directionEnded(boolean failed) {
            if (openDirections.decrementAndGet() == 0 || failed) {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(backend);
            connections.remove(this);
        }
    }

    private void pipe(Connection connection, Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            boolean failed = false;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                failed = true;
            } finally {
                connection.directionEnded(failed);
            }
        }, "service-" + description + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        listeners.forEach(ServiceProxy::closeQuietly);
        List.copyOf(connections).forEach(Connection::close);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
