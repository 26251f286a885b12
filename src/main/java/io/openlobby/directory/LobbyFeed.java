package io.openlobby.directory;

import io.openlobby.session.Session;
import io.openlobby.session.wire.ServerFrame;
import io.openlobby.session.wire.ServerFrameEncoder;
import io.openlobby.session.wire.WireRoomSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * One per node: the node's lobby subscriptions. It subscribes to a mode's Topic once, for all of
 * the node's sessions, and turns each diff into one encoded frame per distinct filter, handed as the
 * same string to every local session with that filter (each session only puts its seq in front). Work
 * per lobby change: O(nodes + local sockets), never one cluster message per subscriber.
 */
public final class LobbyFeed extends AbstractBehavior<LobbyFeed.Command> {

  public sealed interface Command {}

  public record Subscribe(String mode, LobbyFilter filter, ActorRef<Session.Command> session)
      implements Command {}

  public record Unsubscribe(String mode, ActorRef<Session.Command> session) implements Command {}

  private record DiffArrived(LobbyDiff diff) implements Command {}

  private record SessionGone(ActorRef<Session.Command> session) implements Command {}

  public static Behavior<Command> create() {
    return Behaviors.setup(LobbyFeed::new);
  }

  private final ActorRef<LobbyDiff> diffs;
  private final Map<String, ActorRef<Topic.Command<LobbyDiff>>> topics = new HashMap<>();
  private final Map<String, Map<LobbyFilter, Set<ActorRef<Session.Command>>>> byMode = new HashMap<>();
  private final Map<ActorRef<Session.Command>, Map<String, LobbyFilter>> bySession = new HashMap<>();

  private LobbyFeed(ActorContext<Command> ctx) {
    super(ctx);
    this.diffs = ctx.messageAdapter(LobbyDiff.class, DiffArrived::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, m -> remove(m.session(), m.mode()))
        .onMessage(SessionGone.class, this::onSessionGone)
        .onMessage(DiffArrived.class, this::onDiff)
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe m) {
    remove(m.session(), m.mode());
    topics.computeIfAbsent(
        m.mode(),
        mode -> {
          ActorRef<Topic.Command<LobbyDiff>> topic =
              getContext().spawn(Topic.create(LobbyDiff.class, LobbyIndex.topicName(mode)), "topic-" + mode);
          topic.tell(Topic.subscribe(diffs));
          return topic;
        });
    byMode
        .computeIfAbsent(m.mode(), k -> new HashMap<>())
        .computeIfAbsent(m.filter(), k -> new HashSet<>())
        .add(m.session());
    Map<String, LobbyFilter> modes = bySession.get(m.session());
    if (modes == null) {
      modes = new HashMap<>(2);
      bySession.put(m.session(), modes);
      getContext().watchWith(m.session(), new SessionGone(m.session()));
    }
    modes.put(m.mode(), m.filter());
    return this;
  }

  private Behavior<Command> remove(ActorRef<Session.Command> session, String mode) {
    Map<String, LobbyFilter> modes = bySession.get(session);
    if (modes == null) {
      return this;
    }
    LobbyFilter filter = modes.remove(mode);
    if (filter != null) {
      Map<LobbyFilter, Set<ActorRef<Session.Command>>> groups = byMode.get(mode);
      Set<ActorRef<Session.Command>> group = groups.get(filter);
      group.remove(session);
      if (group.isEmpty()) {
        groups.remove(filter);
      }
    }
    if (modes.isEmpty()) {
      bySession.remove(session);
      getContext().unwatch(session);
    }
    return this;
  }

  private Behavior<Command> onSessionGone(SessionGone m) {
    Map<String, LobbyFilter> modes = bySession.get(m.session());
    if (modes != null) {
      for (String mode : List.copyOf(modes.keySet())) {
        remove(m.session(), mode);
      }
    }
    return this;
  }

  private Behavior<Command> onDiff(DiffArrived m) {
    LobbyDiff diff = m.diff();
    Map<LobbyFilter, Set<ActorRef<Session.Command>>> groups = byMode.get(diff.mode());
    if (groups == null) {
      return this;
    }
    for (Map.Entry<LobbyFilter, Set<ActorRef<Session.Command>>> group : groups.entrySet()) {
      List<WireRoomSummary> upserts = new ArrayList<>();
      List<String> removed = new ArrayList<>(diff.removed());
      for (RoomSummary room : diff.upserts()) {
        if (group.getKey().matches(room)) {
          upserts.add(WireRoomSummary.of(room));
        } else {
          removed.add(room.roomId()); // it no longer matches this filter (e.g. now full)
        }
      }
      String tail =
          ServerFrameEncoder.encodeAfterSeq(new ServerFrame.LobbyUpdate(diff.mode(), upserts, removed));
      Session.LobbyUpdate update = new Session.LobbyUpdate(diff.mode(), diff.version(), tail);
      for (ActorRef<Session.Command> session : group.getValue()) {
        session.tell(update);
      }
    }
    return this;
  }
}
