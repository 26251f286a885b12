package io.openlobby.testkit;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** Actor test kits configured like the server: cluster provider on a free port, CBOR binding. */
public final class TestKits {
  private TestKits() {}

  public static ActorTestKit cluster() {
    return ActorTestKit.create(
        ConfigFactory.parseString(
                "pekko.actor.provider = cluster\n"
                    + "pekko.remote.artery.canonical.port = 0\n"
                    + "pekko.actor.serialization-bindings {\"io.openlobby.CborSerializable\" = jackson-cbor}")
            .withFallback(ConfigFactory.defaultReference()));
  }
}
