package io.openlobby.testkit;

import java.util.Map;

/**
 * A test class's server: a fresh keyspace on the local Cassandra, one node on free ports against
 * it, and an HTTP client for it. Closing it stops the node and drops the keyspace.
 */
public final class ServerUnderTest implements AutoCloseable {
  private final TestKeyspace keyspace;
  private final TestNode node;
  private final Api api;

  private ServerUnderTest(TestKeyspace keyspace, TestNode node) {
    this.keyspace = keyspace;
    this.node = node;
    this.api = new Api(node);
  }

  /** {@code overrides}: configuration paths and values for this node (e.g. a short grace). */
  public static ServerUnderTest start(Map<String, Object> overrides) {
    TestKeyspace keyspace = TestKeyspace.create();
    try {
      return new ServerUnderTest(keyspace, TestNode.start(keyspace.name(), overrides));
    } catch (RuntimeException e) {
      keyspace.close();
      throw e;
    }
  }

  public Api api() {
    return api;
  }

  public TestNode node() {
    return node;
  }

  public TestKeyspace keyspace() {
    return keyspace;
  }

  @Override
  public void close() {
    try {
      node.close();
    } finally {
      keyspace.close();
    }
  }
}
