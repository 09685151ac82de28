'use strict';
// Who may do what, and reactions to comments:
//   GET  /repos/{owner}/{repo}/collaborators/{username}/permission   from the config's
//        collaborator_permissions ({login: admin|maintain|write|triage|read}); anyone else reads
//        (a public repository), as GitHub answers for a user who is no collaborator
//   POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions  201 new, 200 again

const {not_found} = require('./http_error');

const k_folded = {admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read'};

module.exports = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/collaborators/{username}/permission', needs: [['metadata', 'read']],
    handle(ctx) {
      const role = ctx.config.collaborator_permissions[ctx.params.username] ?? 'read';
      ctx.state.permission_reads.push(ctx.params.username);
      const user = ctx.bodies.user(ctx.params.username);
      user.role_name = role;
      return {status: 200, body: {permission: k_folded[role] ?? 'none', role_name: role, user}};
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', needs: [['issues', 'write']],
    handle(ctx) {
      const comment = ctx.state.comments.find((c) => c.id === ctx.params.comment_id);
      if (!comment) throw not_found('no such comment');
      const content = ctx.body.content;
      const existing = ctx.state.reactions.find((r) => r.comment_id === comment.id && r.content === content && r.login === ctx.caller.login);
      const reaction = existing ?? {id: ctx.state.id(), comment_id: comment.id, content, login: ctx.caller.login, created_at: new Date().toISOString()};
      if (!existing) ctx.state.reactions.push(reaction);
      const user = ctx.bodies.user(ctx.caller.login, ctx.caller.type ?? 'User');
      return {status: existing ? 200 : 201, body: {id: reaction.id, node_id: `REA_${reaction.id}`, user, content, created_at: reaction.created_at}};
    },
  },
];
