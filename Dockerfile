# The worker image for docker-compose.yml. Docker does not run on the development machines;
# tests/test_deployment.py checks that this file and the compose file match the code.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1
# Letters print every name a population register can hold: Debian's Noto faces per script.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY infra ./infra
COPY cli ./cli
COPY reporting ./reporting
COPY intake_api ./intake_api
COPY bench ./bench
COPY i18n ./i18n
COPY config ./config
COPY worker.py starter.py run_local.py ./
RUN pip install --no-cache-dir ".[postgres]" && python -m compileall -q domain workflows activities infra cli reporting intake_api
USER nobody
CMD ["python", "worker.py"]
