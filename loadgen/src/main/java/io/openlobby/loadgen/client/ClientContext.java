package io.openlobby.loadgen.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.openlobby.loadgen.Metrics;
import io.openlobby.loadgen.RunConfig;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What all players of a run share: one Netty event-loop group (epoll when available, NIO otherwise),
 * one JDK HTTP client for the REST calls, a scheduler for retries, and the metrics.
 */
public final class ClientContext implements AutoCloseable {
  private final RunConfig config;
  private final Metrics metrics;
  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelClass;
  private final boolean epoll;
  private final ExecutorService httpExecutor;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final ObjectMapper json = new ObjectMapper();

  public ClientContext(RunConfig config, Metrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.epoll = Epoll.isAvailable();
    DefaultThreadFactory ioThreads = new DefaultThreadFactory("loadgen-io", true);
    if (epoll) {
      this.group = new EpollEventLoopGroup(config.ioThreads(), ioThreads);
      this.channelClass = EpollSocketChannel.class;
    } else {
      this.group = new NioEventLoopGroup(config.ioThreads(), ioThreads);
      this.channelClass = NioSocketChannel.class;
    }
    this.httpExecutor =
        Executors.newFixedThreadPool(Math.max(2, config.ioThreads()), new DefaultThreadFactory("loadgen-http", true));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.stepTimeout())
            .executor(httpExecutor)
            .build();
    this.scheduler = Executors.newScheduledThreadPool(1, new DefaultThreadFactory("loadgen-timer", true));
  }

  public RunConfig config() {
    return config;
  }

  public Metrics metrics() {
    return metrics;
  }

  public EventLoopGroup group() {
    return group;
  }

  public Class<? extends SocketChannel> channelClass() {
    return channelClass;
  }

  public boolean epoll() {
    return epoll;
  }

  public String transport() {
    return epoll ? "epoll" : "nio";
  }

  public HttpClient http() {
    return http;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  public ObjectMapper json() {
    return json;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    httpExecutor.shutdownNow();
  }
}
