import { workspaceSegment } from './url.js'

/** How a mount's links name the workspace and the host (`MountDefinition.links`). */
export interface LinkPolicy {
  /**
   * `when-chosen` (default): `/ws/<id>` shows when the request chose its workspace by path or header.
   * `always`: over the HTTP door it shows for `default` too (Signio's URLs always carry it).
   */
  workspace?: 'always' | 'when-chosen'
  /**
   * `caller` (default): links name the origin the caller reached. `configured`: they name the mount's
   * first configured real host whichever door was used (tranadmin pickup links name the ESF host).
   */
  host?: 'caller' | 'configured'
}

/** How a request reached the sandbox, as far as the links it is handed depend on it. */
export interface LinkDoor {
  /** `<scheme>://<host>` as the caller saw it. */
  origin: string
  /** The mount is served at the root of `origin` (MSW on a real host, `--mount-port`, in-process control calls). */
  rooted: boolean
  wsChosen: 'path' | 'header' | 'default'
  workspaceId: string
}

export interface LinkMount {
  prefix: string
  hosts?: readonly string[]
  links?: LinkPolicy
}

/**
 * The base of every URL a mount hands out (JSON fields, `Location`, e-mail
 * links, callback payloads), worked out by the engine once per request or
 * control-plane call so that following any of them through the same door
 * reaches the same workspace: over HTTP `<origin>[/ws/<id>]<prefix>`; where the
 * mount is served at the root of its origin `<origin>[/ws/<id>]`, the `/ws/<id>`
 * showing whenever the caller chose the workspace (the rooted doors accept it).
 */
export function linkBase(door: LinkDoor, mount: LinkMount): string {
  const chosen = door.wsChosen !== 'default'
  const ws = workspaceSegment(door.workspaceId)
  if (mount.links?.host === 'configured') {
    const host = (mount.hosts?.[0] ?? door.origin).replace(/\/+$/, '')
    return door.rooted && chosen ? `${host}${ws}` : host
  }
  if (door.rooted) return chosen ? `${door.origin}${ws}` : door.origin
  return chosen || mount.links?.workspace === 'always' ? `${door.origin}${ws}${mount.prefix}` : `${door.origin}${mount.prefix}`
}
