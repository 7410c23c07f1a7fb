// Who is asking over HTTP: the signed-in user, loaded once per request as the services' Actor.
export {
  loadActor as loadPrincipal,
  requirePermission,
  type Actor as Principal,
} from '../../services/actor.ts';
