"""Every page of the console, by the router of the module that holds it."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import RedirectResponse

from interface.web.audit_pages import router as audit_router
from interface.web.case_pages import router as case_router
from interface.web.dashboard import router as dashboard_router
from interface.web.admin_users import router as admin_users_router
from interface.web.documents import router as documents_router
from interface.web.inbox import router as inbox_router
from interface.web.sign_in import router as sign_in_router
from interface.web.supervision_page import router as supervision_router

router = APIRouter(include_in_schema=False)
router.include_router(sign_in_router)
router.include_router(inbox_router)
router.include_router(case_router)
router.include_router(dashboard_router)
router.include_router(supervision_router)
router.include_router(audit_router)
router.include_router(admin_users_router)
router.include_router(documents_router)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/inbox", status_code=303)
