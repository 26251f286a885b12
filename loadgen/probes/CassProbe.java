import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.*;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.*;
import java.util.concurrent.*;

/** Times sequential (and N-concurrent) single-row inserts + reads into KEYSPACE.messages, pid "probe-<run>". Bounded count. */
public class CassProbe {
  public static void main(String[] a) throws Exception {
    String ks = a[0]; int n = Integer.parseInt(a[1]); int conc = Integer.parseInt(a[2]); long pauseMs = a.length > 3 ? Long.parseLong(a[3]) : 0; String[] phases = a.length > 4 ? a[4].split(",") : new String[]{"warm", "write", "read"};
    String run = Long.toString(System.currentTimeMillis());
    try (CqlSession s = CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", 9042))
        .withLocalDatacenter("datacenter1").build()) {
      PreparedStatement ins = s.prepare("INSERT INTO " + ks + ".messages (persistence_id, partition_nr, sequence_nr, timestamp, writer_uuid, ser_id, ser_manifest, event_manifest, event) VALUES (?, 0, ?, now(), 'probe', 1, '', '', ?)");
      PreparedStatement sel = s.prepare("SELECT max(sequence_nr) FROM " + ks + ".messages WHERE persistence_id = ? AND partition_nr = 0");
      ByteBuffer blob = ByteBuffer.wrap(new byte[120]);
      for (String phase : phases) {
        long[] lat = new long[n]; Semaphore sem = new Semaphore(conc); CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          if (pauseMs > 0) Thread.sleep(pauseMs); sem.acquire(); final int k = i; final long st = System.nanoTime();
          String pid = "probe-" + run + "-" + (k % 200);
          CompletionStage<AsyncResultSet> f = phase.equals("read") ? s.executeAsync(sel.bind(pid))
              : s.executeAsync(ins.bind(pid, (long) k, blob.duplicate()).setConsistencyLevel(com.datastax.oss.driver.api.core.DefaultConsistencyLevel.QUORUM));
          f.whenComplete((r, e) -> { lat[k] = System.nanoTime() - st; if (e != null) System.err.println(e); sem.release(); done.countDown(); });
        }
        done.await(); double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(lat);
        System.out.printf("%s n=%d conc=%d %.0f/s p50 %.2f ms p99 %.2f ms max %.2f ms%n", phase, n, conc, n / secs,
            lat[n / 2] / 1e6, lat[(int) (n * 0.99)] / 1e6, lat[n - 1] / 1e6);
      }
    }
  }
}
