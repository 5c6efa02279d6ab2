package io.perpguard.bench;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bytes a running desk ({@code ./perpguard serve}) allocates per request: requests are sent one after another over
 * one keep-alive connection; the bytes allocated by all the server's threads over the run, read before and after
 * through its {@code com.sun.management.ThreadMXBean} (attached by process id), divided by the number of requests.
 * An idle interval of the same length is measured too (the desk's background threads).
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.perpguard.bench.DeskAllocation PID PORT PATH BODY_JSON [REQUESTS]}
 * The desk process's CPU time over the same run is divided likewise (it includes the desk's background work and, on
 * a loaded machine, is the steadier figure than wall time).
 * <br>Prints {@code alloc PATH bytes_per_request B idle_bytes_per_request B status S cpu_us_per_request C}.
 */
public final class DeskAllocation {
    private DeskAllocation() {
    }

    public static void main(String[] args) throws Exception {
        String pid = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        byte[] body = args[3].getBytes(StandardCharsets.UTF_8);
        int n = args.length > 4 ? Integer.parseInt(args[4]) : 5000;
        VirtualMachine vm = VirtualMachine.attach(pid);
        String agent = vm.startLocalManagementAgent();
        vm.detach();
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(agent));
             Socket s = new Socket("127.0.0.1", port)) {
            MBeanServerConnection conn = jmx.getMBeanServerConnection();
            com.sun.management.ThreadMXBean mx = ManagementFactory.newPlatformMXBeanProxy(conn,
                    ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
            s.setTcpNoDelay(true);
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            int status = 0;
            for (int i = 0; i < Math.max(2000, n / 2); i++) { // warm-up: JIT, lazy initialisation
                status = request(out, in, head, body);
            }
            javax.management.ObjectName os = new javax.management.ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
            long t0 = System.nanoTime();
            long cpu0 = (Long) conn.getAttribute(os, "ProcessCpuTime");
            long before = othersAllocated(mx);
            for (int i = 0; i < n; i++) {
                status = request(out, in, head, body);
            }
            long during = othersAllocated(mx) - before;
            long cpu = (Long) conn.getAttribute(os, "ProcessCpuTime") - cpu0;
            long elapsed = System.nanoTime() - t0;
            long idle0 = othersAllocated(mx);
            Thread.sleep(elapsed / 1_000_000);
            long idle = othersAllocated(mx) - idle0;
            System.out.printf(Locale.ROOT, "alloc %s bytes_per_request %d idle_bytes_per_request %d status %d cpu_us_per_request %.1f%n",
                    path, during / n, idle / n, status, cpu / 1e3 / n);
        }
        System.exit(0);
    }

    /** All the server's threads (one remote call; threads that ended in between are lost, threads that started are counted whole). */
    private static long othersAllocated(com.sun.management.ThreadMXBean mx) {
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** One request and its whole answer (Content-Length or chunked); returns the status. */
    private static int request(OutputStream out, InputStream in, byte[] head, byte[] body) throws IOException {
        out.write(head);
        out.write(body);
        out.flush();
        ByteArrayOutputStream h = new ByteArrayOutputStream(512);
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            h.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String headers = h.toString(StandardCharsets.US_ASCII);
        int status = Integer.parseInt(headers.substring(9, 12));
        String lower = headers.toLowerCase(Locale.ROOT);
        int cl = lower.indexOf("content-length:");
        if (cl >= 0) {
            int len = Integer.parseInt(lower.substring(cl + 15, lower.indexOf('\r', cl)).trim());
            in.readNBytes(len);
        } else { // chunked
            while (true) {
                String size = line(in);
                int len = Integer.parseInt(size.trim(), 16);
                in.readNBytes(len + 2);
                if (len == 0) {
                    break;
                }
            }
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
