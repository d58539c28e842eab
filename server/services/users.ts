import { type Db, type Statements, statementsOf } from '../db.ts';

export interface Profile {
  id: number;
  login: string;
  role: 'USER';
  first_name: string | null;
  last_name: string | null;
  language: 'en' | 'es_ES' | 'zh_CN' | null;
  gravatar_id: string | null;
  groups: {
    me: { gid: string; label: string; description: string | null };
    organizations: { gid: string; label: string; description: string | null }[];
    all: { gid: string; label: string; description: string | null };
  };
}

export type ProfileUpdate = Partial<Pick<Profile, 'first_name' | 'last_name' | 'language'>>;

interface ProfileRow {
  first_name: string | null;
  last_name: string | null;
  language: Profile['language'];
}

/** The one local user: its profile is the only thing that can change. */
export class UserService {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = statementsOf(db);
    db.prepare(
      `INSERT OR IGNORE INTO profile (id, first_name, last_name, language) VALUES (1, 'Local', 'User', NULL)`,
    ).run();
  }

  profile(): Profile {
    const row = this.sql('SELECT first_name, last_name, language FROM profile WHERE id = 1').get() as ProfileRow;
    return {
      id: 1,
      login: 'user@osparc.local',
      role: 'USER',
      first_name: row.first_name,
      last_name: row.last_name,
      language: row.language,
      gravatar_id: null,
      groups: {
        me: { gid: '2', label: 'user', description: 'primary group' },
        organizations: [],
        all: { gid: '1', label: 'Everyone', description: 'all users' },
      },
    };
  }

  update(change: ProfileUpdate): Profile {
    const current = this.profile();
    this.sql('UPDATE profile SET first_name = ?, last_name = ?, language = ? WHERE id = 1').run(
      change.first_name === undefined ? current.first_name : change.first_name,
      change.last_name === undefined ? current.last_name : change.last_name,
      change.language === undefined ? current.language : change.language,
    );
    return this.profile();
  }
}
