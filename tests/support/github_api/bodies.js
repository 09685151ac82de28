'use strict';
// Response bodies built from GitHub's own examples (components/examples of the OpenAPI
// description) with the server's state written over the fields that matter, so every field a
// client may read exists with GitHub's type and shape.

const crypto = require('node:crypto');

/// GitHub's timestamp format: ISO 8601 in UTC, whole seconds.
function iso(ms) {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/// A stable positive id derived from a name (users, teams, the repository).
function stable_id(kind, name) {
  return crypto.createHash('sha256').update(`${kind}:${name}`).digest().readUInt32BE(0) % 90000000 + 1000;
}

function node_id(prefix, id) {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
}

class Bodies {
  constructor(validator, config) {
    this.validator = validator;
    this.config = config;
    this.base_url = 'http://127.0.0.1';
    this.cache = new Map();
    this.repo_id = stable_id('repo', `${config.owner}/${config.repo}`);
  }

  get full_name() {
    return `${this.config.owner}/${this.config.repo}`;
  }

  get repo_url() {
    return `${this.base_url}/repos/${this.full_name}`;
  }

  /// An example with its URLs moved onto this server and this repository.
  example(name) {
    if (!this.cache.has(name)) {
      const text = JSON.stringify(this.validator.example(name))
        .replace(/https:\/\/api\.github\.com\/repos\/(octocat|github)\/(Hello-World|hello-world)/g, '@REPO@')
        .replace(/https:\/\/github\.com\/(octocat|github)\/(Hello-World|hello-world)/g, `https://github.com/${this.full_name}`)
        .replace(/https:\/\/api\.github\.com/g, '@API@')
        .replace(/octocat\/Hello-World/g, this.full_name);
      this.cache.set(name, text);
    }
    const text = this.cache.get(name).replaceAll('@REPO@', this.repo_url).replaceAll('@API@', this.base_url);
    return JSON.parse(text);
  }

  /// A simple-user for `login` ("Bot" for apps, "Organization" for the owner).
  user(login, type = 'User') {
    const template = this.example('pull-request').user;
    const user = JSON.parse(JSON.stringify(template).replace(/octocat/g, encodeURIComponent(login)));
    user.login = login;
    user.id = stable_id('user', login);
    user.node_id = node_id(type === 'Bot' ? 'BOT' : type === 'Organization' ? 'O' : 'U', user.id);
    user.type = type;
    return user;
  }

  team(slug) {
    const team = this.example('pull-request').requested_teams[0];
    team.id = stable_id('team', slug);
    team.node_id = node_id('T', team.id);
    team.slug = slug;
    team.name = slug;
    team.type = 'organization';
    team.url = `${this.base_url}/orgs/${this.config.owner}/teams/${slug}`;
    team.html_url = `https://github.com/orgs/${this.config.owner}/teams/${slug}`;
    team.parent = null;
    return team;
  }

  repo_fields(repo) {
    repo.id = this.repo_id;
    repo.node_id = node_id('R', this.repo_id);
    repo.name = this.config.repo;
    repo.full_name = this.full_name;
    repo.owner = this.user(this.config.owner, 'Organization');
    repo.default_branch = this.config.default_branch;
    if (this.config.clone_url) repo.clone_url = this.config.clone_url;
    repo.private = true;
    repo.visibility = 'private';
    if ('allow_auto_merge' in repo) repo.allow_auto_merge = this.config.allow_auto_merge;
    return repo;
  }

  /// The repository as embedded in pull requests (head.repo, base.repo).
  pr_repo() {
    return this.repo_fields(this.example('pull-request').base.repo);
  }

  /// GET /repos/{owner}/{repo}: a full-repository with the caller's permissions.
  full_repository(caller) {
    const repo = this.repo_fields(this.example('full-repository'));
    const held = caller.permissions || {};
    const push = held.contents === 'write' || held.contents === 'admin';
    repo.permissions = {admin: held.administration === 'write', maintain: false, push, triage: push, pull: true};
    repo.allow_auto_merge = this.config.allow_auto_merge;
    repo.has_discussions = false;
    repo.organization = repo.owner;
    delete repo.parent;
    delete repo.source;
    delete repo.template_repository;
    return repo;
  }

  label(l) {
    const label = this.example('label');
    Object.assign(label, {id: l.id, node_id: node_id('LA', l.id), name: l.name, color: l.color});
    label.url = `${this.repo_url}/labels/${encodeURIComponent(l.name)}`;
    // GitHub's schemas for labels embedded in pull requests want a string here.
    label.description = l.description ?? '';
    label.default = false;
    return label;
  }

  /// A pull request ("pull-request" example, or "pull-request-simple" for lists).
  pull(pr, state, simple = false) {
    const body = this.example(simple ? 'pull-request-simple' : 'pull-request');
    const number = pr.number;
    const url = `${this.repo_url}/pulls/${number}`;
    const html = `https://github.com/${this.full_name}/pull/${number}`;
    Object.assign(body, {
      url, id: pr.id, node_id: pr.node_id, number, state: pr.state, locked: false, title: pr.title, body: pr.body,
      html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`,
      issue_url: `${this.repo_url}/issues/${number}`, commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`, comments_url: `${this.repo_url}/issues/${number}/comments`,
      statuses_url: `${this.repo_url}/statuses/${pr.head_sha}`,
      user: this.user(pr.user.login, pr.user.type), labels: pr.labels.map((n) => this.label(state.labels.get(n.toLowerCase()))),
      milestone: null, created_at: iso(pr.created_at), updated_at: iso(pr.updated_at), closed_at: iso(pr.closed_at),
      merged_at: iso(pr.merged_at), merge_commit_sha: pr.merge_commit_sha, assignee: null, assignees: [],
      requested_reviewers: pr.requested_reviewers.map((l) => this.user(l)), requested_teams: pr.requested_teams.map((t) => this.team(t)),
      author_association: 'MEMBER', draft: pr.draft, active_lock_reason: null,
      auto_merge: pr.auto_merge && {
        enabled_by: this.user(pr.auto_merge.enabled_by.login, pr.auto_merge.enabled_by.type),
        merge_method: pr.auto_merge.merge_method, commit_title: pr.auto_merge.commit_title ?? '', commit_message: pr.auto_merge.commit_message ?? '',
      },
    });
    body.head = this.pr_branch(body.head, pr.head_ref, pr.head_sha);
    body.base = this.pr_branch(body.base, pr.base_ref, pr.base_sha);
    for (const [key, link] of Object.entries(body._links)) {
      link.href = link.href.replace(/\/(pulls|pull|issues)\/1347/, `/$1/${number}`).replace(/\/statuses\/[0-9a-f]+/, `/statuses/${pr.head_sha}`);
      if (key === 'html') link.href = html;
    }
    if (!simple) this.pull_details(body, pr, state);
    return body;
  }

  pr_branch(branch, ref, sha) {
    branch.label = `${this.config.owner}:${ref}`;
    branch.ref = ref;
    branch.sha = sha;
    branch.user = this.user(this.config.owner, 'Organization');
    branch.repo = this.pr_repo();
    return branch;
  }

  pull_details(body, pr, state) {
    const merge = state.mergeability(pr);
    Object.assign(body, {
      merged: Boolean(pr.merged_at), mergeable: merge.mergeable, rebaseable: merge.mergeable, mergeable_state: merge.state,
      merged_by: pr.merged_by ? this.user(pr.merged_by.login, pr.merged_by.type) : null,
      comments: state.comments.filter((c) => c.issue_number === pr.number).length, review_comments: 0,
      maintainer_can_modify: pr.maintainer_can_modify, commits: 1, additions: 0, deletions: 0, changed_files: 0,
    });
  }

  /// An issue that is no pull request ("issue" example).
  issue(i, state) {
    const body = this.example('issue');
    const url = `${this.repo_url}/issues/${i.number}`;
    Object.assign(body, {
      id: i.id, node_id: node_id('I', i.id), url, repository_url: this.repo_url, labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`, events_url: `${url}/events`, html_url: `https://github.com/${this.full_name}/issues/${i.number}`,
      number: i.number, state: i.state, state_reason: i.state_reason, title: i.title, body: i.body,
      user: this.user(i.user.login, i.user.type), labels: i.labels.map((n) => this.label(state.labels.get(n.toLowerCase()))),
      assignee: null, assignees: [], milestone: null, locked: false, active_lock_reason: null,
      comments: state.comments.filter((c) => c.issue_number === i.number).length,
      closed_at: iso(i.closed_at), created_at: iso(i.created_at), updated_at: iso(i.updated_at), closed_by: null, author_association: 'NONE',
    });
    delete body.pull_request;
    delete body.pinned_comment;
    return body;
  }

  /// A pull request as the issues API lists it.
  pull_as_issue(pr, state) {
    const body = this.issue({...pr, state_reason: null}, state);
    body.html_url = `https://github.com/${this.full_name}/pull/${pr.number}`;
    body.pull_request = {url: `${this.repo_url}/pulls/${pr.number}`, html_url: body.html_url,
      diff_url: `${body.html_url}.diff`, patch_url: `${body.html_url}.patch`, merged_at: iso(pr.merged_at)};
    return body;
  }

  review(r) {
    const body = this.example('pull-request-review');
    const html = `https://github.com/${this.full_name}/pull/${r.pull_number}#pullrequestreview-${r.id}`;
    Object.assign(body, {id: r.id, node_id: node_id('PRR', r.id), user: this.user(r.user.login, r.user.type), body: r.body,
      state: r.state, html_url: html, pull_request_url: `${this.repo_url}/pulls/${r.pull_number}`,
      submitted_at: iso(r.submitted_at), commit_id: r.commit_id, author_association: 'MEMBER'});
    body._links = {html: {href: html}, pull_request: {href: body.pull_request_url}};
    return body;
  }

  review_comment(r, c) {
    const body = this.example('review-comment-items')[0];
    Object.assign(body, {id: c.id, node_id: node_id('PRRC', c.id), pull_request_review_id: r.id, path: c.path, body: c.body,
      line: c.line, original_line: c.line, commit_id: r.commit_id, original_commit_id: r.commit_id,
      user: this.user(r.user.login, r.user.type), url: `${this.repo_url}/pulls/comments/${c.id}`,
      pull_request_url: `${this.repo_url}/pulls/${r.pull_number}`,
      html_url: `https://github.com/${this.full_name}/pull/${r.pull_number}#discussion_r${c.id}`});
    return body;
  }

  comment(c) {
    const body = this.example('issue-comment');
    Object.assign(body, {
      id: c.id, node_id: node_id('IC', c.id), url: `${this.repo_url}/issues/comments/${c.id}`,
      html_url: `https://github.com/${this.full_name}/pull/${c.issue_number}#issuecomment-${c.id}`,
      body: c.body, user: this.user(c.user.login, c.user.type), created_at: iso(c.created_at), updated_at: iso(c.updated_at),
      issue_url: `${this.repo_url}/issues/${c.issue_number}`, author_association: 'MEMBER',
    });
    delete body.performed_via_github_app;
    return body;
  }

  /// The app that owns check runs (an "integration").
  app() {
    const app = this.example('integration');
    const cfg = this.config.app || {id: 15368, slug: 'github-actions'};
    Object.assign(app, {id: cfg.id, slug: cfg.slug, name: cfg.slug, node_id: node_id('A', cfg.id)});
    app.owner = this.user(this.config.owner, 'Organization');
    return app;
  }

  check_run(run) {
    const body = this.example('check-run');
    Object.assign(body, {
      id: run.id, head_sha: run.head_sha, node_id: node_id('CR', run.id), external_id: run.external_id ?? '',
      url: `${this.repo_url}/check-runs/${run.id}`, html_url: `https://github.com/${this.full_name}/runs/${run.id}`,
      details_url: run.details_url ?? null, status: run.status, conclusion: run.conclusion ?? null,
      started_at: iso(run.started_at), completed_at: iso(run.completed_at), name: run.name,
      check_suite: {id: run.id}, app: this.app(), pull_requests: [],
    });
    body.output = {
      title: run.output.title ?? null, summary: run.output.summary ?? null, text: run.output.text ?? null,
      annotations_count: run.annotations.length, annotations_url: `${this.repo_url}/check-runs/${run.id}/annotations`,
    };
    return body;
  }

  annotation(a) {
    return {
      path: a.path, start_line: a.start_line, end_line: a.end_line, start_column: a.start_column ?? null, end_column: a.end_column ?? null,
      annotation_level: a.annotation_level, title: a.title ?? null, message: a.message, raw_details: a.raw_details ?? null,
      blob_href: `https://github.com/${this.full_name}/blob/HEAD/${a.path}`,
    };
  }

  git_ref(ref, sha, type) {
    return {
      ref, node_id: node_id('REF', ref), url: `${this.repo_url}/git/${ref}`,
      object: {type, sha, url: `${this.repo_url}/git/${type}s/${sha}`},
    };
  }

  branch(name, sha, protected_) {
    const body = this.example('branch-get');
    body.name = name;
    body.commit.sha = sha;
    body.commit.url = `${this.repo_url}/commits/${sha}`;
    body.commit.html_url = `https://github.com/${this.full_name}/commit/${sha}`;
    body._links = {self: `${this.repo_url}/branches/${name}`, html: `https://github.com/${this.full_name}/tree/${name}`};
    body.protected = protected_;
    body.protection = protected_
      ? {enabled: true, required_status_checks: {enforcement_level: 'non_admins', contexts: this.config.required_checks, checks: this.checks_list()}}
      : {enabled: false, required_status_checks: {enforcement_level: 'off', contexts: [], checks: []}};
    body.protection_url = `${this.repo_url}/branches/${name}/protection`;
    return body;
  }

  checks_list() {
    return this.config.required_checks.map((context) => ({context, app_id: null}));
  }

  status_check_policy(branch) {
    const url = `${this.repo_url}/branches/${branch}/protection/required_status_checks`;
    return {url, strict: false, contexts: this.config.required_checks, checks: this.checks_list(), contexts_url: `${url}/contexts`};
  }

  protection(branch) {
    const url = `${this.repo_url}/branches/${branch}/protection`;
    return {
      url, required_status_checks: this.status_check_policy(branch),
      enforce_admins: {url: `${url}/enforce_admins`, enabled: false},
      required_linear_history: {enabled: false}, allow_force_pushes: {enabled: false}, allow_deletions: {enabled: false},
      required_conversation_resolution: {enabled: false}, lock_branch: {enabled: false}, allow_fork_syncing: {enabled: false},
    };
  }

  status(s) {
    const body = this.example('status');
    Object.assign(body, {
      url: `${this.repo_url}/statuses/${s.sha}`, id: s.id, node_id: node_id('SC', s.id), state: s.state,
      description: s.description ?? null, target_url: s.target_url ?? null, context: s.context,
      created_at: iso(s.created_at), updated_at: iso(s.created_at), creator: this.user(s.creator.login, s.creator.type),
    });
    return body;
  }

  combined_status(sha, statuses) {
    const body = this.example('combined-commit-status');
    const states = statuses.map((s) => s.state);
    body.state = states.some((s) => s === 'failure' || s === 'error') ? 'failure' : states.length && states.every((s) => s === 'success') ? 'success' : 'pending';
    body.statuses = statuses.map((s) => {
      const one = this.status(s);
      delete one.creator;
      return one;
    });
    body.sha = sha;
    body.total_count = statuses.length;
    body.repository = this.repo_fields(body.repository);
    body.commit_url = `${this.repo_url}/commits/${sha}`;
    body.url = `${this.repo_url}/commits/${sha}/status`;
    return body;
  }
}

module.exports = {Bodies, iso, stable_id, node_id};
