package io.openlobby.testkit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh keyspace on the real local Cassandra node for one test class, made from the same
 * cassandra/schema.cql that {@code cassandra/cassandra start} applies, and dropped afterwards.
 * Test keyspaces left behind by earlier runs (a killed run, a drop that timed out) are dropped when
 * they are older than {@link #LEFTOVER_AGE}: measured, 165 of them on the local node doubled the
 * matchmaking benchmark's p99 (Cassandra keeps memtables and metadata for every table).
 */
public final class TestKeyspace implements AutoCloseable {
  public static final String HOST = System.getProperty("lobby.test.cassandra.host", "127.0.0.1");
  public static final int PORT =
      Integer.parseInt(System.getProperty("lobby.test.cassandra.port", "9042"));

  private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);
  private static final String PREFIX = "lobby_test_";
  static final Duration LEFTOVER_AGE = Duration.ofHours(2);

  private final String name;
  private final CqlSession session;

  private TestKeyspace(String name, CqlSession session) {
    this.name = name;
    this.session = session;
  }

  public static TestKeyspace create() {
    String name =
        PREFIX + System.currentTimeMillis() + "_" + ThreadLocalRandom.current().nextInt(1000);
    CqlSession session;
    try {
      session =
          CqlSession.builder()
              .addContactPoint(new InetSocketAddress(HOST, PORT))
              .withLocalDatacenter("datacenter1")
              .build();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "The tests need the local Cassandra at " + HOST + ":" + PORT
              + ": run them with ./lobby test (it starts one)", e);
    }
    dropLeftovers(session, System.currentTimeMillis());
    for (String statement : statements(name)) {
      session.execute(schemaChange(statement));
    }
    return new TestKeyspace(name, session);
  }

  private static void dropLeftovers(CqlSession session, long now) {
    for (var row : session.execute("SELECT keyspace_name FROM system_schema.keyspaces")) {
      String keyspace = row.getString(0);
      if (isLeftover(keyspace, now)) {
        session.execute(schemaChange("DROP KEYSPACE IF EXISTS " + keyspace));
      }
    }
  }

  /** A test keyspace created more than {@link #LEFTOVER_AGE} before {@code now} (its name says when). */
  static boolean isLeftover(String keyspace, long now) {
    if (!keyspace.startsWith(PREFIX)) {
      return false;
    }
    String rest = keyspace.substring(PREFIX.length());
    int end = rest.indexOf('_');
    try {
      long created = Long.parseLong(end < 0 ? rest : rest.substring(0, end));
      return now - created > LEFTOVER_AGE.toMillis();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  public String name() {
    return name;
  }

  public CqlSession session() {
    return session;
  }

  /** The schema file's statements for {@code keyspace}: `--` comments, `;` at the end of a line. */
  static List<String> statements(String keyspace) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    try {
      for (String line : Files.readAllLines(Path.of("cassandra", "schema.cql"))) {
        String trimmed = line.strip();
        if (trimmed.startsWith("--") || trimmed.isEmpty()) {
          continue;
        }
        current.append(line.replace("${keyspace}", keyspace)).append('\n');
        if (trimmed.endsWith(";")) {
          out.add(current.toString().strip());
          current.setLength(0);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Schema changes wait for the node to agree; on a busy 2-core box that takes longer than 2 s. */
  private static SimpleStatement schemaChange(String cql) {
    return SimpleStatement.newInstance(cql).setTimeout(SCHEMA_TIMEOUT);
  }

  /** Drops the keyspace; best effort: a leftover is dropped by a later run ({@link #create}). */
  @Override
  public void close() {
    try {
      session.execute(schemaChange("DROP KEYSPACE IF EXISTS " + name));
    } catch (DriverTimeoutException e) {
      System.err.println("TestKeyspace: dropping " + name + " timed out; it is left behind");
    } finally {
      session.close();
    }
  }
}
