#!/usr/bin/env bash
# deploy/kafka/kafka.sh — a real single-node Kafka broker (KRaft, broker+controller in one JVM) for
# tests and local runs, without Docker and without a Kafka tarball: the jars come from Maven Central
# through deploy/kafka/pom.xml (Kafka and log4j2 versions are pinned there).
#
# Usage: deploy/kafka/kafka.sh COMMAND [ARGS]
#   fetch                          resolve the broker jars into $KAFKA_HOME/libs (once; a no-op when they
#                                  are there and pom.xml has not changed)
#   start                          fetch if needed, format storage on first use, start the broker in the
#                                  background and wait for "Kafka Server started"; reuses a broker that
#                                  this script already runs on $KAFKA_PORT (exit 0)
#   stop                           SIGTERM, wait up to $KAFKA_STOP_TIMEOUT s, then SIGKILL; fine if not running
#   kill                           SIGKILL the broker at once (fault tests); `start` recovers the data
#   status                         print state; exit 0 when running, 3 when not
#   create-topics NAME:PARTITIONS[:key=value,...] ...
#                                  create each topic if absent (replication factor 1) in one JVM through the
#                                  Admin API; existing topics are left alone (a warning if they have fewer
#                                  partitions than asked). e.g. create-topics orders:3 audit:1:cleanup.policy=compact
#   bootstrap                      print the bootstrap servers (127.0.0.1:$KAFKA_PORT)
#   run-class CLASS [ARGS]         run a Kafka tool with the broker's classpath (quiet logging), e.g.
#                                  run-class org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
#                                      --bootstrap-server 127.0.0.1:19092 --describe --all-groups
#   logs                           print the tail of the broker log
#
# Environment (defaults):
#   KAFKA_PORT=19092               client listener on 127.0.0.1
#   KAFKA_CONTROLLER_PORT=$KAFKA_PORT+1 (19093)  KRaft controller listener on 127.0.0.1
#   KAFKA_HOME=<repo>/.cache/kafka jars (libs/); kept across runs
#   KAFKA_DATA=<repo>/.run/kafka-$KAFKA_PORT
#                                  config/, data/ (log.dirs, kept across restarts), logs/server.log, kafka.pid
#   KAFKA_HEAP_OPTS="-Xms256m -Xmx512m"   KAFKA_START_TIMEOUT=90   KAFKA_STOP_TIMEOUT=60
# Needs java 17+ and maven (installed with apt-get when missing and running as root).
# To wipe a broker's data: stop it, then rm -rf "$KAFKA_DATA".
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HOME="${KAFKA_HOME:-$REPO_ROOT/.cache/kafka}"
KAFKA_DATA="${KAFKA_DATA:-$REPO_ROOT/.run/kafka-$KAFKA_PORT}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-60}"

LIBS="$KAFKA_HOME/libs"
CONF="$KAFKA_DATA/config"
LOGDIR="$KAFKA_DATA/logs"
DATADIR="$KAFKA_DATA/data"
PIDFILE="$KAFKA_DATA/kafka.pid"
LOGFILE="$LOGDIR/server.log"
OUTFILE="$LOGDIR/kafka.out"

log() { echo "kafka.sh[$KAFKA_PORT]: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites

apt_install() {
  [ "$(id -u)" = 0 ] || die "missing $*; install it (apt-get install $*) or run as root"
  log "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "$@" >/dev/null
}

ensure_java() {
  if ! command -v java >/dev/null 2>&1; then apt_install openjdk-17-jdk-headless; fi
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || die "Kafka 4.x needs Java 17+, found java.specification.version=$major"
}

ensure_maven() {
  if ! command -v mvn >/dev/null 2>&1; then apt_install maven; fi
}

pom_stamp() { sha256sum "$POM" | cut -d' ' -f1; }

libs_ready() {
  [ -f "$LIBS/.pom.sha256" ] && [ "$(cat "$LIBS/.pom.sha256")" = "$(pom_stamp)" ] \
    && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null
}

cmd_fetch() {
  mkdir -p "$KAFKA_HOME"
  # one fetch at a time (parallel make targets, two checkouts sharing KAFKA_HOME)
  exec 8>"$KAFKA_HOME/.fetch.lock"
  flock 8
  if libs_ready; then
    log "jars already in $LIBS"
    exec 8>&-
    return 0
  fi
  ensure_java
  ensure_maven
  local tmp="$KAFKA_HOME/libs.tmp.$$" t0=$SECONDS
  rm -rf "$tmp"
  log "resolving Kafka jars from Maven Central into $LIBS ..."
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
        -DoutputDirectory="$tmp" >"$KAFKA_HOME/fetch.log" 2>&1; then
    tail -n 40 "$KAFKA_HOME/fetch.log" >&2
    rm -rf "$tmp"
    die "maven could not resolve the Kafka jars (full output: $KAFKA_HOME/fetch.log)"
  fi
  pom_stamp >"$tmp/.pom.sha256"
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  log "fetched $(ls "$LIBS" | wc -l) jars in $((SECONDS - t0)) s"
  exec 8>&-
}

# ---------------------------------------------------------------- process helpers

broker_pid() {  # prints the pid of our running broker, or fails
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against a recycled pid: it must be a kafka.Kafka JVM
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

java_cmd() {  # java with the broker classpath and the tools' quiet logging
  java $KAFKA_HEAP_OPTS_TOOLS -Dlog4j2.configurationFile="$CONF/tools-log4j2.properties" \
    -cp "$LIBS/*" "$@"
}
KAFKA_HEAP_OPTS_TOOLS="-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

write_configs() {
  mkdir -p "$CONF" "$LOGDIR" "$DATADIR"
  cat >"$CONF/server.properties" <<EOF
# written by deploy/kafka/kafka.sh on every start; edit the script, not this file
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATADIR

# one node: everything at replication factor 1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# topics are created explicitly (kafka.sh create-topics or the services' admin client)
auto.create.topics.enable=false
num.partitions=1

# small machine, fast start
group.initial.rebalance.delay.ms=0
# after a crash (kafka.sh kill) the restarted broker can only re-register once the controller has fenced
# its previous incarnation, i.e. after this session timeout (default 9 s): keep it short
broker.session.timeout.ms=4000
broker.heartbeat.interval.ms=1000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=2
log.retention.hours=168
log.segment.bytes=67108864
EOF
  cat >"$CONF/log4j2.properties" <<'EOF'
# broker logging (log4j2): ${sys:kafka.logs.dir}/server.log, size-capped
status = warn
name = continuum-kafka
appender.file.type = RollingFile
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.network.name = kafka.network.RequestChannel$
logger.network.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF
  write_tools_log4j
}

write_tools_log4j() {
  mkdir -p "$CONF"
  cat >"$CONF/tools-log4j2.properties" <<'EOF'
status = warn
name = continuum-kafka-tools
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
EOF
}

random_cluster_id() {  # a Kafka Uuid: 16 random bytes, base64url without padding, not starting with '-'
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [ "${id:0:1}" != "-" ] && { echo "$id"; return; }
  done
}

# ---------------------------------------------------------------- commands

cmd_start() {
  mkdir -p "$KAFKA_DATA"
  exec 9>"$KAFKA_DATA/.start.lock"
  flock 9
  local pid
  if pid="$(broker_pid)"; then
    log "already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
    return 0
  fi
  rm -f "$PIDFILE"
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$p" && die "127.0.0.1:$p is in use by another process (not a broker started from $KAFKA_DATA)"
  done
  libs_ready || cmd_fetch
  ensure_java
  write_configs

  if [ ! -f "$DATADIR/meta.properties" ]; then
    local cid
    cid="$(random_cluster_id)"
    log "formatting storage in $DATADIR (cluster id $cid)"
    if ! java_cmd kafka.tools.StorageTool format --standalone --ignore-formatted \
          -t "$cid" -c "$CONF/server.properties" >"$LOGDIR/format.log" 2>&1; then
      cat "$LOGDIR/format.log" >&2
      die "storage format failed"
    fi
  fi

  # keep the previous run's log for post-mortems; server.log then holds this run only
  [ -f "$LOGFILE" ] && mv -f "$LOGFILE" "$LOGFILE.prev"
  : >"$OUTFILE"
  local t0=$SECONDS
  # setsid: detach from the caller's process group / terminal; the inner shell records its own pid
  # and execs the JVM, so the pid file is exact whether or not setsid had to fork.
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PIDFILE" \
    java $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS \
      -Dkafka.logs.dir="$LOGDIR" \
      -Dlog4j2.configurationFile="$CONF/log4j2.properties" \
      -cp "$LIBS/*" kafka.Kafka "$CONF/server.properties" \
    </dev/null >"$OUTFILE" 2>&1 8>&- 9>&- &   # the JVM must not inherit (and hold) our lock fds
  local launcher=$!

  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while :; do
    if [ -f "$LOGFILE" ] && grep -q "Kafka Server started" "$LOGFILE"; then
      pid="$(cat "$PIDFILE")"
      log "started (pid $pid) on 127.0.0.1:$KAFKA_PORT in $((SECONDS - t0)) s; log $LOGFILE"
      return 0
    fi
    if ! kill -0 "$launcher" 2>/dev/null && ! broker_pid >/dev/null; then
      log "the broker exited during startup; last lines of its logs:"
      tail -n 40 "$OUTFILE" >&2 || true
      [ -f "$LOGFILE" ] && tail -n 60 "$LOGFILE" >&2
      rm -f "$PIDFILE"
      die "start failed"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "no \"Kafka Server started\" after ${KAFKA_START_TIMEOUT}s; last lines of its logs:"
      tail -n 40 "$OUTFILE" >&2 || true
      [ -f "$LOGFILE" ] && tail -n 60 "$LOGFILE" >&2
      cmd_kill >/dev/null 2>&1 || true
      die "start timed out"
    fi
    sleep 0.3
  done
}

wait_gone() {  # pid timeout_s
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

cmd_stop() {
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  log "stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$KAFKA_STOP_TIMEOUT"; then
    log "still alive after ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "pid $pid survived SIGKILL"
  fi
  rm -f "$PIDFILE"
  log "stopped"
}

cmd_kill() {
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  kill -KILL "$pid" 2>/dev/null || true
  wait_gone "$pid" 10 || die "pid $pid survived SIGKILL"
  rm -f "$PIDFILE"
  log "killed (pid $pid)"
}

cmd_status() {
  local pid
  if pid="$(broker_pid)"; then
    echo "kafka: running, pid $pid, bootstrap 127.0.0.1:$KAFKA_PORT, controller 127.0.0.1:$KAFKA_CONTROLLER_PORT, data $KAFKA_DATA"
    return 0
  fi
  echo "kafka: not running (port $KAFKA_PORT, data $KAFKA_DATA)"
  return 3
}

cmd_create_topics() {
  [ $# -gt 0 ] || die "usage: kafka.sh create-topics NAME:PARTITIONS[:key=value,...] ..."
  broker_pid >/dev/null || port_open "$KAFKA_PORT" || die "no broker on 127.0.0.1:$KAFKA_PORT; run kafka.sh start"
  libs_ready || cmd_fetch
  ensure_java
  write_tools_log4j
  local src="$CONF/CreateTopics.java"
  cat >"$src" <<'EOF'
import java.util.*;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics that do not exist yet; args: BOOTSTRAP NAME:PARTITIONS[:k=v,k=v] ... */
public class CreateTopics {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    Map<String, Integer> wanted = new LinkedHashMap<>();
    List<NewTopic> topics = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] parts = args[i].split(":", 3);
      int partitions = parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 1;
      NewTopic t = new NewTopic(parts[0], partitions, (short) 1);
      if (parts.length > 2 && !parts[2].isEmpty()) {
        Map<String, String> cfg = new HashMap<>();
        for (String kv : parts[2].split(",")) {
          String[] p = kv.split("=", 2);
          cfg.put(p[0], p[1]);
        }
        t.configs(cfg);
      }
      wanted.put(parts[0], partitions);
      topics.add(t);
    }
    int failures = 0;
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (NewTopic t : topics) if (!existing.contains(t.name())) missing.add(t);
      Map<String, Throwable> errors = new HashMap<>();
      if (!missing.isEmpty()) {
        CreateTopicsResult res = admin.createTopics(missing);
        for (NewTopic t : missing) {
          try {
            res.values().get(t.name()).get();
            System.out.println("created " + t.name() + " (" + t.numPartitions() + " partitions)");
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) errors.put(t.name(), e.getCause());
          }
        }
      }
      for (Map.Entry<String, Throwable> e : errors.entrySet()) {
        System.err.println("FAILED " + e.getKey() + ": " + e.getValue());
        failures++;
      }
      Set<String> present = new LinkedHashSet<>();
      for (NewTopic t : topics) if (!errors.containsKey(t.name())) present.add(t.name());
      Set<String> created = new HashSet<>();
      for (NewTopic t : missing) created.add(t.name());
      if (!present.isEmpty()) {
        Map<String, TopicDescription> desc = admin.describeTopics(present).allTopicNames().get();
        for (String name : present) {
          int have = desc.get(name).partitions().size();
          if (!created.contains(name)) System.out.println("exists  " + name + " (" + have + " partitions)");
          if (have < wanted.get(name))
            System.err.println("WARNING " + name + " has " + have + " partitions, " + wanted.get(name) + " asked (left unchanged)");
        }
      }
    }
    System.exit(failures == 0 ? 0 : 1);
  }
}
EOF
  # Java's single-file source launcher: one JVM for all topics, no build step.
  java_cmd "$src" "127.0.0.1:$KAFKA_PORT" "$@"
}

cmd_run_class() {
  [ $# -gt 0 ] || die "usage: kafka.sh run-class CLASS [ARGS]"
  libs_ready || cmd_fetch
  ensure_java
  write_tools_log4j
  java_cmd "$@"
}

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; }

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    kill) cmd_kill ;;
    status) cmd_status ;;
    create-topics) cmd_create_topics "$@" ;;
    bootstrap) echo "127.0.0.1:$KAFKA_PORT" ;;
    run-class) cmd_run_class "$@" ;;
    logs) tail -n "${LINES_TAIL:-100}" "$LOGFILE" ;;
    -h|--help|help|"") usage; [ -n "$cmd" ] ;;
    *) usage; die "unknown command: $cmd" ;;
  esac
}

main "$@"
