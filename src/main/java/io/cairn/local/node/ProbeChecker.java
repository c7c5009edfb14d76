package io.cairn.local.node;

import io.cairn.local.InsecureTls;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * Runs one check of a probe against a container, as a kubelet does: {@code httpGet} against the pod IP (2xx and 3xx
 * succeed; HTTPS certificates are not verified), {@code tcpSocket} (the connection opens), {@code exec} (the command,
 * run in the container's mount namespace as its user, exits 0). gRPC probes are not supported and fail with a message
 * that says so.
 */
final class ProbeChecker {

    private final ContainerLauncher launcher;
    private final SSLContext trustAll = InsecureTls.trustingEveryCertificate();

    ProbeChecker(ContainerLauncher launcher) {
        this.launcher = launcher;
    }

    ProbeResult check(Probe probe, Duration timeout, String podIP, Container container, ContainerProcess process) {
        try {
            if (probe.getHttpGet() != null) {
                return httpGet(probe.getHttpGet(), timeout, podIP, container);
            }
            if (probe.getTcpSocket() != null) {
                String host = probe.getTcpSocket().getHost() == null || probe.getTcpSocket().getHost().isEmpty()
                        ? podIP : probe.getTcpSocket().getHost();
                int port = port(probe.getTcpSocket().getPort(), container);
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                    return ProbeResult.ok();
                }
            }
            if (probe.getExec() != null && probe.getExec().getCommand() != null) {
                ContainerLauncher.ExecResult result = launcher.exec(process, probe.getExec().getCommand(), timeout);
                return new ProbeResult(result.success(), result.message());
            }
            return ProbeResult.failed("this probe's handler is not supported by the local node agent "
                    + "(httpGet, tcpSocket and exec are)");
        } catch (IOException | IllegalArgumentException e) {
            return ProbeResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private ProbeResult httpGet(HTTPGetAction action, Duration timeout, String podIP, Container container)
            throws IOException {
        String scheme = "HTTPS".equalsIgnoreCase(action.getScheme()) ? "https" : "http";
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIP : action.getHost();
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        URL url = new URL(scheme, host, port(action.getPort(), container), path);
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(trustAll.getSocketFactory());
            https.setHostnameVerifier((name, session) -> true);
        }
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setRequestProperty("User-Agent", "kube-probe/cairn-local");
        if (action.getHttpHeaders() != null) {
            for (HTTPHeader header : action.getHttpHeaders()) {
                connection.setRequestProperty(header.getName(), header.getValue());
            }
        }
        try {
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readNBytes(10_240);
                }
            }
            return status >= 200 && status < 400 ? ProbeResult.ok()
                    : ProbeResult.failed("HTTP probe failed with statuscode: " + status);
        } finally {
            connection.disconnect();
        }
    }

    /** A port number, or the number of the container port with that name. */
    static int port(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("probe has no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (container.getPorts() != null) {
            for (ContainerPort candidate : container.getPorts()) {
                if (name.equals(candidate.getName())) {
                    return candidate.getContainerPort();
                }
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("container " + container.getName() + " has no port named " + name);
        }
    }
}
