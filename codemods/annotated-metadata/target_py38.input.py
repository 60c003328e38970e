from fastapi import FastAPI, Query

app = FastAPI()


@app.get("/items")
def items(q: str = Query("all", max_length=20)):
    return q
