import java.net.URI;
import java.net.http.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.regex.*;

/** One player on loopback: create a room (mode "probe"), chat 3 times, leave; repeat ITER times (bounded, 120 s cap). Prints per-op latencies. */
public class WsProbe {
  static final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
  public static void main(String[] a) throws Exception {
    String base = a[0]; int iter = Integer.parseInt(a[1]); long pause = Long.parseLong(a[2]);
    if (!base.startsWith("http://127.")) throw new IllegalArgumentException("loopback only");
    HttpClient http = HttpClient.newHttpClient();
    String login = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/auth/guest")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"wsprobe\"}")).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(login); m.find(); String token = m.group(1);
    StringBuilder buf = new StringBuilder();
    WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
        .buildAsync(URI.create(base.replace("http", "ws") + "/v1/ws"), new WebSocket.Listener() {
          public CompletionStage<?> onText(WebSocket w, CharSequence d, boolean last) {
            buf.append(d); if (last) { frames.add(buf.toString()); buf.setLength(0); } w.request(1); return null; }
        }).get(10, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 120_000;
    Map<String, List<Double>> lat = new TreeMap<>();
    int rid = 0;
    for (int i = 0; i < iter && System.currentTimeMillis() < deadline; i++) {
      rid = op(ws, lat, "create", ++rid, "{\"type\":\"room.create\",\"rid\":" + rid + ",\"mode\":\"probe\",\"name\":\"p\",\"maxPlayers\":2}");
      for (int c = 0; c < 3; c++) rid = op(ws, lat, "chat", ++rid, "{\"type\":\"room.chat\",\"rid\":" + rid + ",\"text\":\"hi\"}");
      rid = op(ws, lat, "leave", ++rid, "{\"type\":\"room.leave\",\"rid\":" + rid + "}");
      ws.sendText("{\"type\":\"ping\"}", true);
      Thread.sleep(pause);
    }
    for (var e : lat.entrySet()) {
      List<Double> v = e.getValue(); Collections.sort(v);
      System.out.printf("wsprobe %s n=%d p50 %.1f ms p90 %.1f ms max %.1f ms%n", e.getKey(), v.size(), v.get(v.size() / 2), v.get((int) (v.size() * 0.9)), v.get(v.size() - 1));
    }
    ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
  }
  static int op(WebSocket ws, Map<String, List<Double>> lat, String name, int rid, String frame) throws Exception {
    long t0 = System.nanoTime();
    ws.sendText(frame, true).get();
    String re = "\"re\":" + rid + ",", re2 = "\"re\":" + rid + "}";
    while (true) {
      String f = frames.poll(15, TimeUnit.SECONDS);
      if (f == null) { lat.computeIfAbsent(name + "_noanswer", k -> new ArrayList<>()).add(15000.0); return rid; }
      if (f.contains(re) || f.contains(re2)) {
        String key = f.contains("\"type\":\"error\"") ? name + "_error" : name;
        lat.computeIfAbsent(key, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
        return rid;
      }
    }
  }
}
