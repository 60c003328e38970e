"""Payment gateway interface and implementations."""
from abc import ABC, abstractmethod


class PaymentGateway(ABC):
    """Anything that can charge and refund a customer."""

    @abstractmethod
    def charge(self, customer_id: str, cents: int) -> str:
        """Charge the customer; return a transaction id."""

    @abstractmethod
    def refund(self, transaction_id: str) -> None: ...


class FakeGateway(PaymentGateway):
    def __init__(self):
        self.charges = {}

    def charge(self, customer_id: str, cents: int) -> str:
        tx = f"tx-{len(self.charges) + 1}"
        self.charges[tx] = (customer_id, cents)
        return tx

    def refund(self, transaction_id: str) -> None:
        self.charges.pop(transaction_id, None)
