package io.openlobby.loadgen.scenario;

import io.openlobby.loadgen.Metrics;
import io.openlobby.loadgen.RunConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * How the shards of one presence run meet in {@code --sync-dir}: each writes its files there
 * atomically ({@code <what>-<shard>-of-<n>.txt}) and waits for the others' files of this run (files
 * older than two minutes before this process started belong to an earlier run).
 */
final class ShardSync {
  private final RunConfig config;
  private final Metrics metrics;
  private final long createdMillis = System.currentTimeMillis();

  /** Clears this shard's files named {@code whats} left by an earlier run. */
  ShardSync(RunConfig config, Metrics metrics, String... whats) {
    this.config = config;
    this.metrics = metrics;
    try {
      Files.createDirectories(config.syncDir());
      for (String what : whats) {
        Files.deleteIfExists(file(what, config.shardIndex()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot use --sync-dir " + config.syncDir() + ": " + e, e);
    }
  }

  private Path file(String what, int shard) {
    return config.syncDir().resolve(what + "-" + shard + "-of-" + config.shardCount() + ".txt");
  }

  void write(String what, String content) {
    try {
      Path tmp = config.syncDir().resolve(what + "-" + config.shardIndex() + ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file(what, config.shardIndex()), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write to --sync-dir: " + e, e);
    }
  }

  /** Waits until {@code deadlineNanos} for another shard's file of this run; "" (and an error) if none came. */
  String await(String what, int shard, long deadlineNanos) throws InterruptedException {
    Path file = file(what, shard);
    long freshAfter = createdMillis - TimeUnit.MINUTES.toMillis(2); // older: a previous run's
    while (true) {
      try {
        if (Files.exists(file) && Files.getLastModifiedTime(file).toMillis() >= freshAfter) {
          return Files.readString(file, StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        // being replaced: try again
      }
      if (System.nanoTime() > deadlineNanos) {
        System.err.println("loadgen: shard " + shard + " did not write " + file + " within --settle-timeout; going on");
        metrics.error("sync_timeout_" + what);
        return "";
      }
      Thread.sleep(100);
    }
  }
}
