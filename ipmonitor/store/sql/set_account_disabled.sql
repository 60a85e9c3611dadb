UPDATE app_user SET disabled = $disabled WHERE name = $name
RETURNING name
