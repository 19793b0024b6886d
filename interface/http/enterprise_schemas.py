"""How an enterprise appears in requests and responses of every case."""

from __future__ import annotations

from pydantic import BaseModel

from domain.enterprise import CreditCode, Enterprise
from interface.http.fields import CreditCodeText, StrictBody, Text


class EnterpriseBody(StrictBody):
    credit_code: CreditCodeText
    name: Text

    def value(self) -> Enterprise:
        return Enterprise(CreditCode(self.credit_code), self.name)


class EnterpriseView(BaseModel):
    credit_code: str
    name: str

    @classmethod
    def of(cls, enterprise: Enterprise) -> EnterpriseView:
        return cls(credit_code=enterprise.credit_code.value, name=enterprise.name)
