/** One HTTP answer: status, parsed JSON body (or undefined) and elapsed time. */
export interface ApiAnswer {
  status: number;
  body: any;
  text: string;
  ms: number;
}

/** A minimal HTTP client for the backend with a bearer token. */
export class ApiClient {
  constructor(readonly baseUrl: string, readonly token?: string) {}

  withToken(token?: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async raw(
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer> {
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      body: init.body,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(init.body !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...init.headers,
      },
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body, text, ms: performance.now() - started };
  }

  json(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    return this.raw(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  status(entityRef: string) {
    return this.json(
      'GET',
      `/api/multi-region/status?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }

  history(entityRef: string, limit = 200) {
    return this.json(
      'GET',
      `/api/multi-region/history?entityRef=${encodeURIComponent(
        entityRef,
      )}&limit=${limit}`,
    );
  }

  execute(body: Record<string, unknown>) {
    return this.json('POST', '/api/multi-region/operations', body);
  }

  operation(id: string) {
    return this.json('GET', `/api/multi-region/operations/${id}`);
  }

  startDrill(body: Record<string, unknown>) {
    return this.json('POST', '/api/multi-region/drills', body);
  }

  drill(id: string) {
    return this.json('GET', `/api/multi-region/drills/${id}`);
  }

  startEvacuation(body: Record<string, unknown>) {
    return this.json('POST', '/api/multi-region/evacuations', body);
  }

  evacuation(id: string) {
    return this.json('GET', `/api/multi-region/evacuations/${id}`);
  }
}
