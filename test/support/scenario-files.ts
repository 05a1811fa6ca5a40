/**
 * The operators' own files from SCENARIOS.md, shared by the in-process flow tests and the
 * end-to-end runs of the same scenarios, so both check exactly the same bytes.
 */

/** Scenario 1: the guest house's env.py (Django settings read from os.environ). */
export const guestHouseEnvPy = (access: string, refresh: string) => `"""Local settings for the guest house (production reads Heroku config vars)."""
import os

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'guesthouse.settings')
os.environ.setdefault("DATABASE_URL", "postgres://fake-user@localhost/guesthouse")

# TTLock Open API (Sciener)
os.environ.setdefault('SCIENER_CLIENT_ID', 'fake-ttlock-client-0001')
os.environ.setdefault('SCIENER_CLIENT_SECRET', 'fake-ttlock-secret-0001')
os.environ.setdefault('SCIENER_ACCESS_TOKEN', '${access}')
os.environ.setdefault('SCIENER_REFRESH_TOKEN', '${refresh}')

DEBUG = True
`;

/** Scenario 1: main/tokens.json beside it. */
export const guestHouseTokensJson = (access: string, refresh: string) => `{
    "access_token": "${access}",
    "refresh_token": "${refresh}"
}
`;

/** Scenario 2: the home dashboard's config.yaml, Netatmo under weather.integrations.netatmo. */
export const weatherConfigYaml = (refresh: string) => `# Home dashboard — edit with care, the kiosk reloads on save.
dashboard:
  title: "Living room"
  refresh_minutes: 10

weather:
  units: metric
  integrations:
    openweather:
      enabled: false
      api_key: fake-openweather-key-0001
    netatmo:
      enabled: true
      client_id: fake-netatmo-client-0001   # from dev.netatmo.com
      client_secret: fake-netatmo-secret-0001
      redirect_uri: https://localhost/callback
      refresh_token: ${refresh}
`;
