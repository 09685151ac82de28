'use strict';
// The repository behind the fake GitHub: a real bare git repository, read and written with the
// git CLI, so branches pushed by the code under test are what the API sees.

const {execFileSync} = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const k_identity = {
  GIT_AUTHOR_NAME: 'GitHub',
  GIT_AUTHOR_EMAIL: 'noreply@github.com',
  GIT_COMMITTER_NAME: 'GitHub',
  GIT_COMMITTER_EMAIL: 'noreply@github.com',
};

class GitRepo {
  /// Opens `git_dir`, or creates a temporary bare repository with one commit on `default_branch`.
  constructor(git_dir, default_branch) {
    this.owned = !git_dir;
    this.dir = git_dir || fs.mkdtempSync(path.join(os.tmpdir(), 'medic-github-api-'));
    if (this.owned) this.create(default_branch);
    if (!fs.existsSync(this.dir)) throw new Error(`git_dir ${this.dir} does not exist`);
    this.git(['rev-parse', '--git-dir']);
  }

  create(default_branch) {
    this.git(['init', '--quiet', '--bare', '--initial-branch', default_branch, this.dir]);
    const tree = this.git(['mktree'], '');
    const commit = this.git(['commit-tree', tree, '-m', 'Initial commit']);
    this.git(['update-ref', `refs/heads/${default_branch}`, commit]);
  }

  /// Removes the repository when this object created it.
  close() {
    if (this.owned) fs.rmSync(this.dir, {recursive: true, force: true});
  }

  git(args, input) {
    return execFileSync('git', ['--git-dir', this.dir, ...args], {
      encoding: 'utf8',
      input: input ?? '',
      env: {...process.env, ...k_identity, GIT_TERMINAL_PROMPT: '0'},
      stdio: ['pipe', 'pipe', 'pipe'],
    }).trim();
  }

  try_git(args, input) {
    try {
      return {ok: true, out: this.git(args, input)};
    } catch (error) {
      return {ok: false, out: String(error.stdout || ''), err: String(error.stderr || error.message)};
    }
  }

  /// Forgets the refs read so far: called per request, since the code under test pushes too.
  invalidate() {
    this.cached_refs = null;
  }

  /// Every ref: [{ref, sha, type}] sorted by name (read once per request).
  refs() {
    if (this.cached_refs) return this.cached_refs;
    this.cached_refs = this.read_refs();
    return this.cached_refs;
  }

  read_refs() {
    const out = this.git(['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [sha, type, ref] = line.split(' ');
        return {ref, sha, type};
      });
  }

  /// The object a full ref name points at, or null.
  ref(name) {
    return this.refs().find((r) => r.ref === name) || null;
  }

  /// The commit SHA a branch, tag or SHA names, or null.
  resolve(rev) {
    if (typeof rev !== 'string' || rev === '' || rev.startsWith('-')) return null;
    if (rev.startsWith('refs/heads/')) return this.ref(rev)?.sha ?? null;
    const found = this.try_git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    return found.ok && found.out ? found.out : null;
  }

  /// The type of an object ("commit", "tree", ...) or null when it does not exist.
  object_type(sha) {
    if (!/^[0-9a-f]{4,64}$/.test(sha)) return null;
    const found = this.try_git(['cat-file', '-t', sha]);
    return found.ok ? found.out : null;
  }

  /// True when `name` is a valid full ref name (refs/heads/x).
  valid_ref_name(name) {
    return this.try_git(['check-ref-format', name]).ok;
  }

  /// Moves `ref` to `sha` only if it still points at `old` ("" = must not exist).
  update_ref(ref, sha, old) {
    this.invalidate();
    return this.try_git(['update-ref', ref, sha, old]);
  }

  delete_ref(ref) {
    this.invalidate();
    return this.try_git(['update-ref', '-d', ref]);
  }

  is_ancestor(ancestor, descendant) {
    return this.try_git(['merge-base', '--is-ancestor', ancestor, descendant]).ok;
  }

  /// The tree of merging `head` into `base`, or null when they conflict.
  merge_tree(base, head) {
    const merged = this.try_git(['merge-tree', '--write-tree', base, head]);
    return merged.ok ? merged.out.split('\n')[0] : null;
  }

  commit_tree(tree, parents, message) {
    return this.git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'], message);
  }

  /// The subject line of a commit.
  subject(sha) {
    return this.git(['log', '-1', '--format=%s', sha]);
  }
}

module.exports = {GitRepo};
