'use strict';
// Everything the fake GitHub remembers: pull requests, labels, comments, review requests, check
// runs, statuses, merges, minted tokens, faults, the request log and the violations. Refs are
// not kept here: they are read from the real git repository every time.

const fs = require('node:fs');
const {node_id} = require('./bodies');

const k_passing = new Set(['success', 'neutral', 'skipped']);

class State {
  constructor(config, git, state_file) {
    this.config = config;
    this.git = git;
    this.state_file = state_file;
    this.pulls = [];
    this.issues = []; // issues that are not pull requests, numbered with them (routes_tracker.js)
    this.reviews = []; // {id, pull_number, body, state, user, comments: [{id, path, line, body}]}
    this.labels = new Map(); // lower-case name -> {id, name, color, description}
    this.comments = [];
    this.review_requests = [];
    this.check_runs = [];
    this.statuses = [];
    this.merges = [];
    this.auto_merge_disabled = [];
    this.minted_tokens = [];
    this.faults = structuredClone(config.faults);
    this.faults_served = [];
    this.requests = [];
    this.violations = [];
    this.ci_conclusion = config.ci_conclusion;
    this.ci_changed_at = Date.now();
    this.rate = {limit: config.rate_limit.limit, remaining: config.rate_limit.remaining, reset: Math.floor(Date.now() / 1000) + 3600};
    this.next_id = 1;
    this.hook_deliveries = []; // every attempt GitHub made to deliver an event (routes_hooks.js)
    this.redelivery_requests = [];
    this.webhook = null; // {url, secret}: where redeliveries go
    this.artifacts = []; // {id, name, zip (Buffer), expired} (routes_artifacts.js)
    this.blob_links = new Map(); // token -> {id, expires}: the storage host's signed links
    this.blob_requests = []; // {artifact_id, status, authorization}: each download from storage
    this.reactions = []; // {id, comment_id, content, login} (routes_collaborators.js)
    this.permission_reads = []; // usernames whose permission was asked for
  }

  id() {
    return 100000 + this.next_id++;
  }

  violation(method, path, problem) {
    this.violations.push({method, path, problem});
  }

  pull(number) {
    return this.pulls.find((p) => p.number === number) || null;
  }

  /// A pull request's current head: the branch in git when it still exists, else the last seen.
  refresh(pr) {
    const head = this.git.resolve(`refs/heads/${pr.head_ref}`);
    if (head && pr.state === 'open') pr.head_sha = head;
    const base = this.git.resolve(`refs/heads/${pr.base_ref}`);
    if (base && pr.state === 'open') pr.base_sha = base;
    return pr;
  }

  /// Issues and pull requests share one sequence of numbers, as on GitHub.
  next_number() {
    return this.pulls.length + this.issues.length + 1;
  }

  new_issue(fields) {
    const number = this.next_number();
    const issue = {number, id: 3000000 + number, state: 'open', state_reason: null, created_at: Date.now(), updated_at: Date.now(), closed_at: null, ...fields};
    this.issues.push(issue);
    return issue;
  }

  new_pull(fields) {
    const number = this.next_number();
    const id = 2000000 + number;
    const pr = {
      number, id, node_id: node_id('PR', id), state: 'open', draft: false, maintainer_can_modify: true,
      created_at: Date.now(), updated_at: Date.now(), closed_at: null, merged_at: null, merged_by: null,
      merge_commit_sha: null, auto_merge: null, requested_reviewers: [], requested_teams: [], labels: [], ...fields,
    };
    this.pulls.push(pr);
    return pr;
  }

  /// The synthesized CI run for a commit (one per SHA, status from ci_conclusion).
  ci_run(sha) {
    const pending = this.ci_conclusion === 'pending';
    return {
      id: 900000000 + parseInt(sha.slice(0, 6), 16), name: this.config.ci_check_name, head_sha: sha, synthesized: true,
      status: pending ? 'in_progress' : 'completed', conclusion: pending ? null : this.ci_conclusion,
      started_at: this.ci_changed_at, completed_at: pending ? null : this.ci_changed_at,
      output: {title: `${this.config.ci_check_name}: ${this.ci_conclusion}`, summary: 'Synthesized by the test server (ci_conclusion).'},
      annotations: [], details_url: null, external_id: '',
    };
  }

  /// Check runs on a commit, newest first, with the synthesized CI run last.
  runs_for(sha) {
    const runs = this.check_runs.filter((r) => r.head_sha === sha).sort((a, b) => b.id - a.id);
    return [...runs, this.ci_run(sha)];
  }

  /// The first required check that is not green on `sha`: {name, problem} or null.
  blocking_check(sha) {
    for (const name of this.config.required_checks) {
      const run = this.runs_for(sha).find((r) => r.name === name);
      const status = this.statuses.filter((s) => s.sha === sha && s.context === name).at(-1);
      if (run && run.status === 'completed') {
        if (!k_passing.has(run.conclusion)) return {name, problem: 'failing'};
        continue;
      }
      if (status && status.state === 'success') continue;
      if (status && (status.state === 'failure' || status.state === 'error')) return {name, problem: 'failing'};
      return {name, problem: 'expected'};
    }
    return null;
  }

  /// {mergeable, state} as GitHub reports them on a single pull request.
  mergeability(pr) {
    if (pr.state !== 'open') return {mergeable: null, state: 'unknown'};
    const tree = this.git.merge_tree(pr.base_sha, pr.head_sha);
    if (!tree) return {mergeable: false, state: 'dirty'};
    if (pr.draft) return {mergeable: true, state: 'draft'};
    if (this.protected(pr.base_ref) && this.blocking_check(pr.head_sha)) return {mergeable: true, state: 'blocked'};
    return {mergeable: true, state: 'clean'};
  }

  protected(branch) {
    return branch === this.config.default_branch && this.config.required_checks.length > 0;
  }

  /// Merges like GitHub: a merge commit, a squash commit or (simplified) one rebased commit on
  /// the base branch; returns the new commit or throws {status, message}.
  merge(pr, {merge_method = 'merge', commit_title, commit_message, by, via}) {
    this.refresh(pr);
    const tree = this.git.merge_tree(pr.base_sha, pr.head_sha);
    if (!tree) throw {status: 405, message: 'Pull Request is not mergeable'};
    const title =
      commit_title ??
      (merge_method === 'merge' ? `Merge pull request #${pr.number} from ${this.config.owner}/${pr.head_ref}` : `${pr.title} (#${pr.number})`);
    const message = `${title}\n\n${commit_message ?? (merge_method === 'merge' ? pr.title : pr.body ?? '')}`.trimEnd() + '\n';
    const parents = merge_method === 'merge' ? [pr.base_sha, pr.head_sha] : [pr.base_sha];
    const sha = this.git.commit_tree(tree, parents, message);
    const moved = this.git.update_ref(`refs/heads/${pr.base_ref}`, sha, pr.base_sha);
    if (!moved.ok) throw {status: 409, message: 'Base branch was modified. Review and try the merge again.'};
    Object.assign(pr, {state: 'closed', merged_at: Date.now(), closed_at: Date.now(), updated_at: Date.now(), merge_commit_sha: sha, merged_by: by});
    pr.auto_merge = null;
    this.merges.push({pull_number: pr.number, sha, head_sha: pr.head_sha, base: pr.base_ref, merge_method, commit_title: title, via, time_ms: Date.now()});
    return sha;
  }

  /// Merges open pull requests whose auto-merge is on and whose required checks turned green;
  /// one that cannot merge (a conflict) has its auto-merge disabled, as GitHub does.
  settle() {
    for (const pr of this.pulls.filter((p) => p.state === 'open' && p.auto_merge)) {
      this.refresh(pr);
      if (this.blocking_check(pr.head_sha)) continue;
      try {
        this.merge(pr, {...pr.auto_merge, by: pr.auto_merge.enabled_by, via: 'auto_merge'});
      } catch (failure) {
        pr.auto_merge = null;
        this.auto_merge_disabled.push({pull_number: pr.number, reason: failure.message || String(failure), time_ms: Date.now()});
      }
    }
  }

  /// Everything, as plain JSON (GET /__admin/state and --state-file).
  snapshot() {
    const refs = {};
    for (const r of this.git.refs()) refs[r.ref] = r.sha;
    const issue_labels = {};
    for (const pr of this.pulls) issue_labels[pr.number] = [...pr.labels];
    return {
      config: {owner: this.config.owner, repo: this.config.repo, default_branch: this.config.default_branch, git_dir: this.git.dir,
        allow_auto_merge: this.config.allow_auto_merge, required_checks: this.config.required_checks},
      ci_conclusion: this.ci_conclusion,
      refs,
      pulls: this.pulls,
      issues: this.issues,
      reviews: this.reviews,
      blob_requests: this.blob_requests,
      reactions: this.reactions,
      permission_reads: this.permission_reads,
      labels: [...this.labels.values()],
      issue_labels,
      comments: this.comments,
      review_requests: this.review_requests,
      check_runs: this.check_runs,
      statuses: this.statuses,
      merges: this.merges,
      auto_merge_disabled: this.auto_merge_disabled,
      hook_deliveries: this.hook_deliveries.map(({payload, ...attempt}) => attempt),
      redelivery_requests: this.redelivery_requests,
      tokens_minted: this.minted_tokens.length,
      minted_tokens: this.minted_tokens,
      faults_pending: this.faults,
      faults_served: this.faults_served,
      rate_limit: {...this.rate, used: this.rate.limit - this.rate.remaining},
      violations: this.violations,
      requests: this.requests,
    };
  }

  /// Writes the snapshot atomically (temporary file, then rename) when --state-file was given.
  persist() {
    if (!this.state_file) return;
    const tmp = `${this.state_file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(this.snapshot()));
    fs.renameSync(tmp, this.state_file);
  }
}

module.exports = {State};
