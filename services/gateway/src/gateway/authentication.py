"""Authentication: the middleware turns the bearer token into the request's Principal, or answers 401."""

import logging

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from gateway.keys import KeysUnavailable
from gateway.tokens import InvalidToken, TokenVerifier

log = logging.getLogger(__name__)

# The verifier lives in app.state, not in middleware arguments: Litestar deep-copies a router when it registers it,
# which would give the middleware its own key cache, apart from the one the app loads at start-up and /ready checks.
VERIFIER_STATE_KEY = "token_verifier"


class BearerAuthentication(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        scheme, _, token = connection.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException(
                "missing bearer token: send 'Authorization: Bearer <token>' (locally: `make token`)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            verifier: TokenVerifier = connection.app.state[VERIFIER_STATE_KEY]
            principal = await verifier.verify(token.strip())
        except InvalidToken as exc:
            raise NotAuthorizedException(
                str(exc), headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
            ) from exc
        except KeysUnavailable as exc:
            log.warning("cannot verify tokens, the key set did not load: %s", exc)
            raise ServiceUnavailableException("token keys are unavailable; retry shortly") from exc
        # The token itself is not kept on the request: nothing downstream needs it.
        return AuthenticationResult(user=principal, auth=None)
