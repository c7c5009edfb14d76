package io.cairn.local.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Hands out loopback addresses (127.0.0.N; all of 127.0.0.0/8 is loopback on Linux, so nothing needs configuring) to
 * pods and services, round-robin so a released address is not reused at once.
 *
 * <p>Several agents may run on one machine (two engineers' test runs), so an address is leased with a lock on a file
 * named after it in a shared directory; the operating system drops the lock when the process dies, so a crashed
 * agent never keeps addresses. Lock files are never deleted: deleting one that another process is about to lock
 * would let two processes hold "the same" address.
 */
final class LoopbackAddressPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoopbackAddressPool.class);

    private final Path leaseDir;
    private final int first;
    private final int last;
    private final Map<String, Lease> leases = new HashMap<>();
    private int cursor;

    private record Lease(FileChannel channel, FileLock lock, String owner) {
    }

    LoopbackAddressPool(String firstAddress, String lastAddress, Path leaseDir) {
        this.first = toInt(firstAddress);
        this.last = toInt(lastAddress);
        if ((first >>> 24) != 127 || (last >>> 24) != 127 || last < first) {
            throw new IllegalArgumentException("not a loopback range: " + firstAddress + "-" + lastAddress);
        }
        this.leaseDir = NodeDirectories.create(leaseDir);
        this.cursor = first;
    }

    /**
     * Leases an address for {@code owner}: {@code preferred} if it is free (an agent restarting re-takes a pod's old
     * address), else the next free one.
     *
     * @throws IllegalStateException when every address of the range is taken
     */
    synchronized String allocate(String owner, Optional<String> preferred) {
        if (preferred.isPresent() && inRange(preferred.get()) && tryLease(preferred.get(), owner)) {
            return preferred.get();
        }
        int size = last - first + 1;
        for (int i = 0; i < size; i++) {
            String candidate = toAddress(cursor);
            cursor = cursor == last ? first : cursor + 1;
            if (tryLease(candidate, owner)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free loopback address in " + toAddress(first) + "-" + toAddress(last)
                + " (leases in " + leaseDir + ")");
    }

    synchronized void release(String address) {
        Lease lease = leases.remove(address);
        if (lease != null) {
            closeQuietly(lease);
            LOG.debugf("released %s (%s)", address, lease.owner());
        }
    }

    synchronized boolean isLeased(String address) {
        return leases.containsKey(address);
    }

    @Override
    public synchronized void close() {
        leases.values().forEach(LoopbackAddressPool::closeQuietly);
        leases.clear();
    }

    private boolean tryLease(String address, String owner) {
        if (leases.containsKey(address)) {
            return false;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(leaseDir.resolve(address), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + owner + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            leases.put(address, new Lease(channel, lock, owner));
            LOG.debugf("leased %s to %s", address, owner);
            return true;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return false;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lease " + address + " in " + leaseDir, e);
        }
    }

    private boolean inRange(String address) {
        try {
            int value = toInt(address);
            return value >= first && value <= last;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static int toInt(String address) {
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 4 || !address.matches("[0-9.]+")) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            return ByteBuffer.wrap(bytes).getInt();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + address, e);
        }
    }

    static String toAddress(int value) {
        return (value >>> 24) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }

    private static void closeQuietly(Lease lease) {
        try {
            lease.lock().release();
        } catch (IOException e) {
            // the channel close below drops the lock anyway
        }
        closeQuietly(lease.channel());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
