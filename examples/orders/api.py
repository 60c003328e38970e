"""HTTP API of the orders service."""
from typing import Optional

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel, Field

app = FastAPI()


class Order(BaseModel):
    order_id: str = Field(min_length=3)
    cents: int = Field(0, ge=0)


def current_user(token: str = Query(...)):
    return token


@app.get("/orders")
def list_orders(limit: int = Query(10, le=100), q: Optional[str] = Query(None, max_length=50), user=Depends(current_user)):
    return {"limit": limit, "q": q, "user": user}
