"""The settings module names of the public contract (`cms.settings.dev`,
`cms.settings.production`, `cms.settings.test`), kept as aliases of the project's
settings in `laocai.settings` so deployments and scripts that name them keep working.
Nothing in the site core reads them."""
