"""Portuguese headers, as Conta Azul, Omie, Bling, Vindi, Asaas, Iugu, Superlógica, Zendesk (Portuguese UI) and
home-made sheets write them. Format: csm/vocabulary/__init__.py."""

TABLE = """
customer_id: Cliente | Código do cliente | Cód. cliente | Código cliente | ID do cliente | ID cliente | Nº do cliente
customer_id: Número do cliente | Assinante | Associado | CPF/CNPJ? | CNPJ? | CPF? | Sacado? | Pagador?
start_date: Data de início | Início | Data início | Data de ativação | Início da assinatura | Início do contrato
start_date: Data de contratação | Início da vigência | Vigência início | Data de adesão? | Ativado em
end_date: Data de término | Término | Data fim | Fim | Data final | Fim da assinatura | Fim do contrato
end_date: Encerrado em | Finalizado em | Cancelado em?? | Data de expiração | Fim da vigência | Vigência fim | Expira em | Data de encerramento? | Data de cancelamento?
mrr: Mensalidade | Valor mensal | Preço mensal | Receita mensal | Receita recorrente mensal | Valor da mensalidade
mrr: Valor por mês | Mensalidade (R$)
amount: Valor | Valor total | Valor pago | Valor recebido | Valor líquido | Valor bruto | Preço | Montante
amount: Valor da fatura | Valor do pedido | Valor da cobrança | Total? | Valor cobrado | Subtotal??
billing_period: Periodicidade | Frequência | Frequência de cobrança | Ciclo de cobrança | Periodicidade de cobrança
billing_period: Intervalo | Período? | Recorrência? | Ciclo
billing_count: Número de períodos | Quantidade de intervalos | Número de períodos de cobrança
signup_date: Data de cadastro | Cadastrado em | Cadastro | Data de adesão | Cliente desde | Data de registro
signup_date: Data de inclusão? | Data de criação? | Criado em? | Associado desde
churn_date: Data de cancelamento | Cancelado em | Data de churn | Data de saída | Data de desligamento
churn_date: Data de encerramento? | Conta encerrada | Data de término?
paid_date: Data do primeiro pagamento | Primeiro pagamento | Data de conversão | Pagante desde
onboarding_start: Início do onboarding | Início da implantação | Kickoff | Início da implementação
onboarding_complete: Fim do onboarding | Onboarding concluído | Implantação concluída | Fim da implantação
onboarding_complete: Go-live | Data de entrada em produção | Data do go-live
plan: Plano | Produto | Pacote | Nome do plano | Assinatura? | Serviço? | Modalidade
segment: Segmento | Setor? | Ramo? | Ramo de atividade? | Região? | País? | Porte?
owner: Responsável | Vendedor | Gerente de conta | Consultor | Executivo de contas | Proprietário | CS responsável
name: Nome | Razão social | Nome do cliente | Empresa | Nome fantasia
date: Data | Dia | Mês? | Semana? | Período? | Competência?
recurring: Recorrente | É recorrente | Cobrança recorrente
transaction_id: Nº da fatura | Número da fatura | Fatura | Nº do documento | Número do documento | Nº do pedido
transaction_id: Número do pedido | ID da transação | Nota fiscal | Nº NF | NF? | Documento? | Código da transação
transaction_id: Nosso número | Código da cobrança | ID da cobrança | Cobrança?
score: Nota | Pontuação | Avaliação | Satisfação | Probabilidade de recomendação
survey_type: Pesquisa | Tipo de pesquisa | Questionário | Nome da pesquisa
comment: Comentário | Comentários | Observação | Observações | Por quê | Opinião | Motivo?
created_at: Criado em | Data de criação | Aberto em | Data de abertura | Recebido em | Criado | Abertura
resolved_at: Resolvido em | Data de resolução | Fechado em | Encerrado em | Data de fechamento | Resolvido | Fechado
resolved_at: Solucionado em | Data de encerramento | Finalizado em
first_contact_resolved: Resolvido no primeiro contato | Resolução no primeiro contato
contacts: Número de respostas | Respostas | Interações | Contatos | Número de contatos | Número de interações
agent: Agente | Atendente | Atribuído a | Analista | Responsável?
ticket_id: Nº do ticket | Número do ticket | Chamado | Nº do chamado | Número do chamado | Protocolo | Caso
ticket_id: Atendimento?
user_id: Usuário | ID do usuário | Nome de usuário | Login?
feature: Funcionalidade | Recurso | Módulo | Ação | Evento | Nome do evento | Página?
minutes: Minutos | Duração | Tempo de uso | Duração da sessão | Tempo?
category: Categoria | Tipo de despesa | Centro de custo | Plano de contas? | Departamento | Natureza
visitors: Visitantes | Sessões | Visitas | Tráfego | Usuários?
conversions: Conversões | Cadastros | Testes | Pedidos | Vendas | Novos clientes? | Leads?
type: Tipo | Tipo de oportunidade | Tipo de negócio
subscription_id: ID da assinatura | Assinatura | Nº da assinatura | Código da assinatura | Contrato | Nº do contrato
# fields on the way (issue 11): harmless before they exist
reason: Motivo do cancelamento | Motivo de cancelamento | Motivo do churn | Motivo da saída
satisfaction: Satisfação | Satisfação do cliente
first_response_at: Primeira resposta | Data da primeira resposta
first_response_minutes: Tempo de primeira resposta | Tempo até a primeira resposta
churned: Cancelado? | Churn?
tenure: Meses como cliente | Tempo como cliente | Permanência
monthly_charge: Cobrança mensal | Cobranças mensais | Fatura mensal
total_charges: Total cobrado | Cobranças totais | Total pago | Valor total pago

transactions/date: Data de pagamento | Data do pagamento | Data de emissão | Data da fatura | Data do pedido
transactions/date: Data da venda | Data de recebimento | Data da compra | Pago em | Data do recebimento
surveys/date: Data da resposta | Respondido em | Enviado em | Data da pesquisa
usage/date: Data de uso | Data do evento | Data do acesso
costs/date: Data da despesa | Data do lançamento | Data do pagamento?
costs/amount: Custo | Despesa | Despesas | Valor da despesa
opportunities/date: Data de fechamento | Previsão de fechamento
opportunities/amount: Valor da oportunidade | Valor do negócio

[customers]: clientes | cadastro | assinantes | contas | associados
[subscriptions]: assinaturas | contratos | recorrencias | mensalidades
[transactions]: faturas | pagamentos | recebimentos | vendas | pedidos | cobrancas | notas
[surveys]: pesquisa | pesquisas | avaliacoes
[tickets]: chamados | atendimentos | suporte | protocolos
[usage]: uso | atividade | eventos | acessos
[costs]: despesas | custos | gastos
[funnel]: funil | trafego
[opportunities]: oportunidades | negocios

stopwords: de | do | da | dos | das | em | por | para
words: numero=number
category: tipo | status | situacao | categoria
due: vencimento | vence
tickets/customer_id: Solicitante
renewal: proxima | proximo | renovacao | teste | vencimento | atual | corrente
aggregate: saldo | pendente | acumulado | imposto | impostos | desconto | juros | multa | taxa | taxas | tarifa
keywords/score: recomend | satisf | avali
keywords/comment: coment | melhor | porque | motivo | sugest | observ
"""
