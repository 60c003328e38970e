import os
import socket
import socketserver

from flask import Flask
from fastapi import FastAPI

app = Flask(__name__)
api = FastAPI()


@app.route("/spawn")
def spawn():
    os.fork()


@api.get("/jobs/{job_id}")
def job(job_id: int):
    os.fork()


def django_view(request):
    pid = os.fork()


class ForkingServer(socketserver.ForkingMixIn):
    def process_request(self, request, client_address):
        pid = os.fork()


class Handler(socketserver.BaseRequestHandler):
    def setup(self):
        os.fork()


def accept_loop(sock: socket.socket):
    while True:
        conn, _ = sock.accept()
        pid = os.fork()


def maybe(flag):
    if flag:
        pass
    elif os.fork() == 0:
        pass
    while os.fork():
        break
