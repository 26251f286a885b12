package io.openlobby.testkit;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's server as a JUnit 5 extension: {@code @RegisterExtension static final TestServer
 * server = new TestServer(overrides);} starts a {@link ServerUnderTest} (its own keyspace, one node
 * on free ports) before the class's tests and closes it after them. {@link #api()} can be taken at
 * once: it reaches the node once it runs.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, Object> overrides;
  private final Api api = new Api(path -> started().node().http(path));
  private ServerUnderTest server;

  /** {@code overrides}: configuration paths and values for this node (e.g. a short grace). */
  public TestServer(Map<String, Object> overrides) {
    this.overrides = overrides;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = ServerUnderTest.start(overrides);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  private ServerUnderTest started() {
    if (server == null) {
      throw new IllegalStateException("the test server is not running");
    }
    return server;
  }

  public Api api() {
    return api;
  }

  public TestNode node() {
    return started().node();
  }

  public TestKeyspace keyspace() {
    return started().keyspace();
  }
}
