/** `hosting_credentials`: an organisation's hosting password (hashed) and its ownership proof. */
export interface HostingCredentialsTable {
  organization_id: string;
  /** scrypt, as account passwords (better-auth's crypto); never the password. */
  password_hash: string;
  password_set_at: Date;
  /** When an invoice number was given at a first sign-in; null until then. */
  ownership_proved_at: Date | null;
  ownership_invoice_id: string | null;
}

/** `hosting_sessions`: one hosting console session, found by the SHA-256 of its cookie's token. */
export interface HostingSessionsTable {
  id: string;
  organization_id: string;
  token_hash: string;
  created_at: Date;
  last_seen_at: Date;
  /** The absolute end; the session also ends after its idle time without use. */
  expires_at: Date;
  ip_address: string | null;
}

export interface HostingTables {
  hosting_credentials: HostingCredentialsTable;
  hosting_sessions: HostingSessionsTable;
}
